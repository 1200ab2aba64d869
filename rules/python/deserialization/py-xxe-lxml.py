from lxml import etree


def parse(body):
    # ruleid: py-xxe-lxml
    bad = etree.XMLParser(resolve_entities=True)
    # ruleid: py-xxe-lxml
    net = etree.XMLParser(no_network=False)
    # ok: py-xxe-lxml
    good = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(body, bad), net, good
