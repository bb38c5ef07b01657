"""granian as `siteledger serve` runs it: a listening socket for each worker, made
before the workers start, on which the kernel bounds how long a client may leave an
answer unread (a server of granian's has no write timeout of its own)."""

import socket
from typing import Any

# Linux only (tcp(7)); elsewhere a client that stops reading keeps its socket.
TCP_USER_TIMEOUT: int | None = getattr(socket, "TCP_USER_TIMEOUT", None)


def server_class() -> type[Any]:
    """granian's server, handing each worker a listening socket made here, all on
    one port (`SO_REUSEPORT`, which granian's sockets set): the kernel spreads new
    connections among them by a hash, as granian's own sockets on Linux do (those
    are made in each worker, out of reach). What is set on a listening socket every
    accepted connection inherits: here the TCP user timeout, after which a
    connection whose client has acknowledged none of the answer's bytes is dropped,
    the answer's buffers with it. A worker that is replaced takes over its
    predecessor's socket, and the connections waiting in it."""
    from granian import Granian
    from granian.net import SocketSpec  # type: ignore[attr-defined]  # re-exported

    base: Any = Granian  # MPServer on a GIL build (a free-threaded one: not tried)

    class Server(base):  # type: ignore[misc]
        def __init__(self, *args: Any, send_timeout_seconds: int, **kw: Any) -> None:
            super().__init__(*args, **kw)
            self.send_timeout_ms = send_timeout_seconds * 1000
            self._listeners: list[tuple[Any, socket.socket]] = []
            self._sso: socket.socket | None = None

        def _init_shared_socket(self) -> None:
            if self.bind_uds:
                super()._init_shared_socket()
                return
            port = self.bind_port
            for _ in range(self.workers):
                held = SocketSpec(self.bind_addr, port, self.backlog).build()
                listener = socket.socket(fileno=held.get_fd())
                port = listener.getsockname()[1]  # port 0: the one the first got
                listener.set_inheritable(True)
                if TCP_USER_TIMEOUT is not None:
                    listener.setsockopt(
                        socket.IPPROTO_TCP, TCP_USER_TIMEOUT, self.send_timeout_ms
                    )
                self._listeners.append((held, listener))
            self._ssp = None

        def _spawn_worker(self, idx: int, *args: Any, **kw: Any) -> Any:
            if self._listeners:  # the worker's own socket, as the shared one
                self._shd, self._sso = self._listeners[idx]
            return super()._spawn_worker(idx, *args, **kw)

        def _drop_shared_socket(self) -> None:
            for _, listener in self._listeners:
                listener.close()
            self._listeners, self._sso = [], None
            super()._drop_shared_socket()

    return Server
