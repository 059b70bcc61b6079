"""Interop peer for Squall's WebSocket tests, on Python's `websockets` library (Debian's python3-websockets).

    python3 interop.py server          # prints "PORT <n>", serves until stdin closes
    python3 interop.py client URL      # runs the script below against a Squall server, prints "OK ..." lines

Server paths: /echo echoes every message (fragmented messages come back whole), /fragments sends one text
message in three fragments and then echoes, /close sends "bye" and closes with 4000 "py bye".
Compression (permessage-deflate) is on, as in websockets' defaults.
"""
import asyncio
import os
import sys

import websockets

MAX = 16 * 1024 * 1024


async def handler(ws, path=None):
    path = getattr(ws, "path", path)
    if path == "/close":
        await ws.send("bye")
        await ws.close(4000, "py bye")
        return
    if path == "/fragments":
        await ws.send(["frag-", "ment", "ed"])
    async for message in ws:
        await ws.send(message)


async def serve():
    async with websockets.serve(handler, "127.0.0.1", 0, max_size=MAX) as server:
        port = server.sockets[0].getsockname()[1]
        print("PORT", port, flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)  # until the test closes our stdin


async def client(base):
    async with websockets.connect(base + "/deflate", max_size=MAX) as ws:
        print("OK extensions", ws.response_headers.get("Sec-WebSocket-Extensions"), flush=True)
        await ws.send("hello from python")
        assert await ws.recv() == "hello from python"
        await ws.send(["frag", "mented ", "text"])
        assert await ws.recv() == "fragmented text"
        big = os.urandom(5 * 1024 * 1024)
        await ws.send(big)
        assert await ws.recv() == big
        pong = await ws.ping(b"py-ping")
        await asyncio.wait_for(pong, 5)
        print("OK echo fragments 5MB ping", flush=True)
        await ws.close(4001, "py leaving")
        print("OK close", ws.close_code, ws.close_reason, flush=True)
    async with websockets.connect(base + "/closer", max_size=MAX) as ws:
        assert await ws.recv() == "bye"
        try:
            await ws.recv()
        except websockets.ConnectionClosed as e:
            print("OK closed by server", e.rcvd.code, e.rcvd.reason, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "server":
        asyncio.run(serve())
    else:
        asyncio.run(client(sys.argv[2]))
