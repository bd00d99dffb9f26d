# The room's chat page in headless Chromium (through tests/support/browser_relay.py, loopback only): joins as "dana",
# says hello, writes to ann privately, and writes page-desktop.png (1280 wide, light) and page-phone.png (390 wide, dark) next to this script.
# Usage: /usr/bin/python3 page.py PORT
import base64
import json
import pathlib
import subprocess
import sys
import time

here = pathlib.Path(__file__).resolve().parent
relay = subprocess.Popen(['/usr/bin/python3', here / '../../tests/support/browser_relay.py'],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
last_id = 0


def call(method, **params):
    global last_id
    last_id += 1
    relay.stdin.write(json.dumps({'id': last_id, 'method': method, 'params': params}) + '\n')
    relay.stdin.flush()
    while True:
        answer = json.loads(relay.stdout.readline())
        if answer.get('id') == last_id:
            return answer.get('result', {})


def evaluate(expression):
    return call('Runtime.evaluate', expression=expression, returnByValue=True)['result'].get('value')


def wait_for(expression, timeout_s=10):
    deadline = time.monotonic() + timeout_s
    while not evaluate(expression):
        if time.monotonic() > deadline:
            sys.exit(f'page.py: {expression} did not hold within {timeout_s} s')
        time.sleep(0.1)


def shot(name):
    time.sleep(0.5)
    (here / name).write_bytes(base64.b64decode(call('Page.captureScreenshot', format='png')['data']))


try:
    call('Emulation.setDeviceMetricsOverride', width=1280, height=760, deviceScaleFactor=1, mobile=False)
    call('Page.navigate', url=f'http://127.0.0.1:{sys.argv[1]}/')
    wait_for("document.getElementById('connection').dataset.state === 'open'")
    evaluate("document.getElementById('nick').value = 'dana'; document.getElementById('nick-form').requestSubmit()")
    wait_for("document.getElementById('nick').value === 'dana'")
    evaluate("document.getElementById('text').value = 'Hello from the browser, no app needed';"
             "document.getElementById('composer').requestSubmit()")
    wait_for("document.getElementById('text').value === ''")
    evaluate("document.querySelector('#members button.nick[title$=\"ann\"]')?.click()")
    wait_for("!document.getElementById('private').hidden")
    evaluate("document.getElementById('text').value = 'ann, a minute after standup?';"
             "document.getElementById('composer').requestSubmit()")
    wait_for("document.querySelector('#log li.private') !== null")
    shot('page-desktop.png')
    call('Emulation.setDeviceMetricsOverride', width=390, height=780, deviceScaleFactor=2, mobile=True)
    call('Emulation.setEmulatedMedia', features=[{'name': 'prefers-color-scheme', 'value': 'dark'}])
    shot('page-phone.png')
finally:
    relay.stdin.close()
    relay.wait(20)
