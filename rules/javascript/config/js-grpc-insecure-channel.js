const grpc = require('@grpc/grpc-js');

function connect(Greeter, addr, ca) {
  // ruleid: js-grpc-insecure-channel
  const plain = new Greeter(addr, grpc.credentials.createInsecure());
  // ok: js-grpc-insecure-channel
  const tls = new Greeter(addr, grpc.credentials.createSsl(ca));
  return [plain, tls];
}

module.exports = { connect };
