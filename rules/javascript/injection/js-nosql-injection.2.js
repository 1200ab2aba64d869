// a data-access object given its collection: no driver import in this file
function AllocationsDAO(db) {
  const allocations = db.collection('allocations');

  this.byThreshold = (userId, threshold, callback) => {
    const query = {
      // ruleid: js-nosql-injection
      $where: `this.userId == ${parseInt(userId, 10)} && this.stocks > '${threshold}'`,
    };
    allocations.find(query).toArray(callback);
  };

  this.aboveTen = (callback) => {
    // ok: js-nosql-injection
    allocations.find({ $where: 'this.stocks > 10' }).toArray(callback);
  };

  this.byUser = (userId, callback) => {
    // ok: js-nosql-injection
    allocations.find({ $where: `this.userId == ${parseInt(userId, 10)}` }).toArray(callback);
  };
}

module.exports = { AllocationsDAO };
