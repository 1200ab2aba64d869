function parseHeader(packet, offset) {
  // ruleid: js-buffer-noassert
  const length = packet.readUInt32BE(offset, true);
  // ok: js-buffer-noassert
  const kind = packet.readUInt8(offset + 4);
  // ok: js-buffer-noassert
  const flags = packet.readUInt16LE(offset + 5, false);
  return { length, kind, flags };
}

function writeHeader(out, length) {
  // ruleid: js-buffer-noassert
  out.writeUInt32BE(length, 0, true);
  // ok: js-buffer-noassert
  out.writeUInt32BE(length, 4);
  return out;
}

module.exports = { parseHeader, writeHeader };
