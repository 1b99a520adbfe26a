"""A small, real SMTP server on a free loopback port, for tests of a broken mail server.

It starts down (connections are refused). `serve()` answers as a mail server
does, taking each message after `delay` seconds; `hang()` accepts connections
and never says a word; `refuse()` stops listening again. `messages` holds what
it took, as (recipients, email.message.Message): a message counts once the
server has answered that it took it, as a real server would deliver it.
"""

import contextlib
import email
import socket
import threading
import time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.delay = 0
        self.messages = []
        # How many messages it has read and not yet answered (during `delay`).
        self.holding = 0
        self.hanging = False
        self._listener = None
        self._connections = []
        self._lock = threading.Lock()

    def serve(self, *, delay=0):
        self.delay = delay
        self._listen(hanging=False)

    def hang(self):
        self._listen(hanging=True)

    def refuse(self):
        """Stop listening and drop every open connection."""
        with self._lock:
            listener, self._listener = self._listener, None
            connections, self._connections = self._connections, []
        for sock in [listener, *connections]:
            if sock is not None:
                # Shut down first: close() alone would not wake a thread blocked on it.
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def recipients(self):
        return sorted(address for to, _ in self.messages for address in to)

    def _listen(self, *, hanging):
        self.refuse()
        self.hanging = hanging
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # refuse() closed the listener
                return
            with self._lock:
                self._connections.append(connection)
            if not self.hanging:
                threading.Thread(target=self._converse, args=(connection,), daemon=True).start()

    def _converse(self, connection):
        try:
            with connection, connection.makefile("rb") as lines:
                self._dialogue(connection, lines)
        except OSError:  # the client went away, or refuse() dropped it
            pass

    def _dialogue(self, connection, lines):
        connection.sendall(b"220 localhost test SMTP server\r\n")
        recipients = []
        for line in lines:
            command = line[:4].upper()
            if command == b"DATA":
                connection.sendall(b"354 End with <CRLF>.<CRLF>\r\n")
                data = b"".join(self._data(lines))
                self.holding += 1
                time.sleep(self.delay)
                connection.sendall(b"250 OK: queued\r\n")
                self.messages.append((recipients, email.message_from_bytes(data)))
                self.holding -= 1
                recipients = []
            elif command == b"RCPT":
                recipients.append(line.split(b":", 1)[1].strip(b" <>\r\n").decode())
                connection.sendall(b"250 OK\r\n")
            elif command == b"QUIT":
                connection.sendall(b"221 Bye\r\n")
                return
            elif command in {b"EHLO", b"HELO", b"MAIL", b"RSET", b"NOOP"}:
                connection.sendall(b"250 OK\r\n")
            else:
                connection.sendall(b"502 Not implemented\r\n")

    @staticmethod
    def _data(lines):
        for line in lines:
            if line == b".\r\n":
                return
            yield line[1:] if line.startswith(b"..") else line
