"""`python -m municipal_api`: serve on 127.0.0.1:$PORT (default 8000)."""

import os

import uvicorn


def main() -> None:
    uvicorn.run("municipal_api.main:create_app", factory=True, host=os.environ.get("HOST", "127.0.0.1"),
                port=int(os.environ.get("PORT", "8000")))


if __name__ == "__main__":
    main()
