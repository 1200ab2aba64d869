from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    # ruleid: py-debug-enabled
    app.run(debug=True)
    # ok: py-debug-enabled
    app.run(debug=False)
