import xml.dom.minidom
import xml.sax
import xml.sax.handler
from xml.sax.handler import feature_external_ges


def parse(body):
    parser = xml.sax.make_parser()
    # ruleid: py-xxe
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    # ruleid: py-xxe
    parser.setFeature(feature_external_ges, 1)
    # ok: py-xxe
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    # ok: py-xxe
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    return xml.dom.minidom.parseString(body, parser)
