# Runs Alembic's own offline mode (`alembic upgrade ... --sql`) for Plumb, with the URL Plumb
# gives (only its dialect matters: offline mode connects to nothing). Reads its request as JSON
# on stdin and writes the SQL as JSON on stdout, so that nothing env.py logs mixes with it.
import io
import json
import sys

try:
    from alembic import command
    from alembic.config import Config
except ImportError as error:
    print(f"NO-ALEMBIC {error}", file=sys.stderr)
    sys.exit(3)

request = json.load(sys.stdin)


def config(buffer):
    cfg = Config(request["ini"], output_buffer=buffer) if request["ini"] else Config(output_buffer=buffer)
    cfg.set_main_option("script_location", request["script_location"])
    cfg.set_main_option("sqlalchemy.url", request["url"])
    return cfg


def run(action, spec):
    buffer = io.StringIO()
    getattr(command, action)(config(buffer), spec, sql=True)
    return buffer.getvalue()


json.dump(
    {
        "upgrade": run("upgrade", request["upgrade"]),
        "downgrades": [run("downgrade", spec) for spec in request["downgrades"]],
    },
    sys.stdout,
)
