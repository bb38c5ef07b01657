"""granian as `siteledger serve` runs it: one listening socket, made before the
workers start, on which the kernel bounds how long a client may leave an answer
unread (a server of granian's has no write timeout of its own)."""

import socket
from typing import Any

# Linux only (tcp(7)); elsewhere a client that stops reading keeps its socket.
TCP_USER_TIMEOUT: int | None = getattr(socket, "TCP_USER_TIMEOUT", None)


def server_class() -> type[Any]:
    """granian's server, listening on a socket it shares with its workers, as
    it does off Linux (on Linux each worker binds its own by default). What is
    set on a listening socket every accepted connection inherits: here the TCP
    user timeout, after which a connection whose client has acknowledged none
    of the answer's bytes is dropped, the answer's buffers with it."""
    from granian import Granian
    from granian.net import SocketSpec  # type: ignore[attr-defined]  # re-exported

    base: Any = Granian  # MPServer on a GIL build (a free-threaded one: not tried)

    class Server(base):  # type: ignore[misc]
        def __init__(self, *args: Any, send_timeout_seconds: int, **kw: Any) -> None:
            super().__init__(*args, **kw)
            self.send_timeout_ms = send_timeout_seconds * 1000

        def _init_shared_socket(self) -> None:
            if self.bind_uds:
                super()._init_shared_socket()
                return
            spec = SocketSpec(self.bind_addr, self.bind_port, self.backlog)
            self._ssp, self._shd = None, spec.build()
            self._sfd = self._shd.get_fd()
            self._sso = socket.socket(fileno=self._sfd)
            self._sso.set_inheritable(True)
            if TCP_USER_TIMEOUT is not None:
                self._sso.setsockopt(
                    socket.IPPROTO_TCP, TCP_USER_TIMEOUT, self.send_timeout_ms
                )

    return Server
