"""Real Tornado on the other side of Squall's signed values and XSRF tokens (TornadoInteropTest).

  interop.py sign SECRET NAME VALUE            -> prints Tornado's signed value (version 2)
  interop.py verify SECRET NAME SIGNED         -> prints the value Tornado decodes, or "None"
  interop.py sign-rotated KEYVER NAME VALUE k=secret...   -> signed with key_version KEYVER
  interop.py xsrf-check COOKIE TOKEN           -> "ok" if Tornado's check accepts TOKEN for the _xsrf COOKIE
  interop.py xsrf-token COOKIE                 -> a token Tornado's handler issues for that _xsrf cookie
"""
import sys

import tornado.httputil
import tornado.web


def handler(cookie):
    app = tornado.web.Application(cookie_secret="unused", xsrf_cookies=True)
    headers = tornado.httputil.HTTPHeaders()
    if cookie:
        headers["Cookie"] = "_xsrf=" + cookie

    class Conn:
        def set_close_callback(self, cb):
            pass

    req = tornado.httputil.HTTPServerRequest(method="POST", uri="/", headers=headers, connection=Conn())
    return tornado.web.RequestHandler(app, req)


def main(argv):
    cmd = argv[1]
    if cmd == "sign":
        print(tornado.web.create_signed_value(argv[2], argv[3], argv[4]).decode())
    elif cmd == "sign-rotated":
        secrets = {int(k): v for k, v in (a.split("=", 1) for a in argv[5:])}
        print(tornado.web.create_signed_value(secrets, argv[3], argv[4], key_version=int(argv[2])).decode())
    elif cmd == "verify":
        v = tornado.web.decode_signed_value(argv[2], argv[3], argv[4])
        print("None" if v is None else v.decode())
    elif cmd == "xsrf-check":
        h = handler(argv[2])
        h.request.body_arguments["_xsrf"] = [argv[3].encode()]
        h.request.arguments["_xsrf"] = [argv[3].encode()]
        try:
            h.check_xsrf_cookie()
            print("ok")
        except tornado.web.HTTPError as e:
            print("refused " + str(e))
    elif cmd == "xsrf-token":
        print(handler(argv[2]).xsrf_token.decode())
    else:
        raise SystemExit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
