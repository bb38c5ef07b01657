"""What the bench gives node besides ODK's own code: its own files, written to a
temporary folder for each run."""

# ODK listens on every interface: this preload binds what it serves to loopback. It
# also keeps idle connections open as long as the bench's own server does (gunicorn's
# --keep-alive 120), so no round pays for a new connection after a pause.
LOOPBACK_PRELOAD = """\
const http = require('node:http');
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) {
  const done = rest.find((arg) => typeof arg === 'function');
  this.keepAliveTimeout = 120000;
  return listen.call(this, port, '127.0.0.1', done);
};
"""
# ODK's own image runs run-server.js under pm2 in cluster mode, in four processes when
# its container has over 1.1 GB; this runs it so with Node's cluster module.
CLUSTER_LAUNCHER = """\
const cluster = require('node:cluster');
const [count, ready] = process.argv.slice(2).map((arg, n) => (n ? arg : Number(arg)));
if (cluster.isPrimary) {
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === count) require('node:fs').writeFileSync(ready, '');
  });
  let exited = 0;
  cluster.on('exit', () => {
    exited += 1;
    if (exited === count) process.exit(0);
  });
  // each worker stops as ODK stops on SIGTERM: requests finished, its pool closed
  const stop = () => Object.values(cluster.workers).forEach((w) => w.process.kill());
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  for (let n = 0; n < count; n += 1) cluster.fork();
} else {
  require(require('node:path').resolve('lib/bin/run-server.js'));
}
"""
