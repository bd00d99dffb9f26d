#!/usr/bin/env bash
# Runs the desktop app on a virtual display through a real scenario (host a room, two members chatting, an SSE and a
# long-polling member listening, a client session on /echo, a fragmented message and pings, a second window reading
# the room's event stream and running the Transport Lab, a browser on the room's page, a third window calling a
# JSON-RPC server (rpc.py), replaying its calls and playing its answers at /replay, a fourth relaying and
# intercepting a python3-websockets client (relayed.py), a fifth in Chinese, all on 127.0.0.1) and writes the PNGs
# next to this script.
# Usage: docs/screenshots/take.sh [path/to/duplex]   (default: build/dev/app/duplex; needs xvfb, xdotool,
# imagemagick, chromium, fonts-wqy-microhei)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# A network of the scenario's own, loopback alone: the app listens for rooms announced on its networks (multicast),
# and a demo sends nothing beyond this computer.
if [[ -z "${NETWORK_READY:-}" ]]; then
    NETWORK_READY=1 exec "$here/../../tests/support/own-network" unshare --uts "$0" "$@"
fi
if [[ -z "${DISPLAY_READY:-}" ]]; then
    hostname studio # what a room here calls itself on the network
    /usr/bin/python3 -c 'import fcntl, socket, struct  # ip link set lo up multicast on
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack("16sh", fcntl.ioctl(s, 0x8913, struct.pack("16sh", b"lo", 0)))[1]
fcntl.ioctl(s, 0x8914, struct.pack("16sh", b"lo", flags | 0x1 | 0x1000))'
    DISPLAY_READY=1 exec xvfb-run -a -s "-screen 0 1440x900x24" "$0" "${1:-$here/../../build/dev/app/duplex}"
fi
app=$1
config=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$config"' EXIT
export XDG_CONFIG_HOME=$config XDG_DATA_HOME=$config # settings and the room's history: the scenario's own
mkdir -p "$config/Duplex"
printf '[heartbeat]\nintervalMs=1000\n[chat]\nnickname=host\n[lab]\ndurationMs=2000\n' >"$config/Duplex/duplex.conf"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"$app" --host --port "$port" --connect "ws://127.0.0.1:$port/echo" &
# Another room on this network, which the Chat tab lists under Nearby.
"$(dirname "$app")/duplex-server" --port 0 --announce >/dev/null &
sleep 3
# Members over the other transports: an SSE stream, and a long poller (bounded: 20 polls).
curl -sN --max-time 60 "http://127.0.0.1:$port/chat/events" >/dev/null &
(
    session=$(curl -s -X POST "http://127.0.0.1:$port/chat/join" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["session"])')
    for _ in $(seq 20); do curl -s --max-time 30 -H "Authorization: Bearer $session" "http://127.0.0.1:$port/chat/poll" >/dev/null; done
) &
/usr/bin/python3 "$here/members.py" "$port" &
sleep 9

shot() { sleep 1; import -window root -crop 1440x880+0+0 "$here/$1.png"; }
xdotool mousemove 700 870 click 1 # focus the window (no window manager here)
xdotool key ctrl+2 ctrl+7
shot chat
xdotool key ctrl+1
shot host
xdotool key ctrl+3 ctrl+7
xdotool mousemove 870 94 click 1 # Hide ping/pong
xdotool mousemove 1150 94 click 1 type "alert" # a search: the rows that match, their hits marked
sleep 0.5
xdotool mousemove 900 170 click 1 # a frame near the top
shot monitor-frames
xdotool mousemove 900 170 click 3 key f # the frame's context menu: Follow Conversation…
shot conversation
xdotool mousemove 1108 676 click 1 # its Close button (without a window manager, Escape does not reach the dialog)
xdotool mousemove 1150 94 click 1 key ctrl+a BackSpace
xdotool mousemove 870 94 click 1 # pings back for the heartbeat
xdotool key ctrl+6
xdotool mousemove 900 110 click 1
shot monitor-handshake
xdotool key ctrl+8
shot monitor-heartbeat
# The room's page, as a browser shows it, while the members are still there.
/usr/bin/python3 "$here/page.py" "$port"
# A second window whose client reads the room's event stream, on top of the first.
"$app" --connect "http://127.0.0.1:$port/chat/events" &
sleep 4
xdotool mousemove 700 870 click 1
xdotool key ctrl+3 ctrl+7
shot client-sse
# The Transport Lab in the second window: 2 s a transport (about 15 s in all), then its table and bytes chart.
xdotool key ctrl+5
sleep 0.5
xdotool key alt+s
sleep 20
shot lab
# A third window whose client calls a JSON-RPC server: each request's answer found and timed in the frames table.
rpc_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/python3 "$here/rpc.py" "$rpc_port" &
sleep 1
replay_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$app" --port "$replay_port" --connect "ws://127.0.0.1:$rpc_port/" &
sleep 4
xdotool mousemove 700 870 click 1
xdotool key ctrl+3 ctrl+7
for call in '{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}' \
    '{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":2}' '{"jsonrpc":"2.0","method":"divide","params":[1,0],"id":3}'; do
    xdotool mousemove 293 440 click 1 key ctrl+a type "$call" # the composer, over what was sent before
    xdotool key ctrl+Return
    sleep 0.5
done
xdotool mousemove 870 94 click 1  # Hide ping/pong
xdotool mousemove 900 140 click 1 # the first request
shot monitor-jsonrpc
xdotool mousemove 900 140 click 3 key l # the row's context menu: JSON-RPC Calls…
shot rpc-calls
xdotool mousemove 1058 626 click 1 # its Close button (without a window manager, Escape does not reach the dialog)
# The three calls said again from the client, each once the answer to the one before came.
xdotool mousemove 900 140 click 3 key y # the row's context menu: Replay Connection from the Client
sleep 0.5
xdotool key alt+a # Play
sleep 2
shot client-replay
# The server's side of the same connection, for this window's room to play at /replay: a mock of rpc.py.
xdotool mousemove 900 140 click 3 key m # the row's context menu: Replay Connection from the Room
sleep 0.5
xdotool mousemove 132 147 click 1 # no history: the first window's room holds the file
xdotool mousemove 272 94 click 1  # Host (Alt+H is the Help menu's)
shot host-replay
# A fourth window relaying a client that is not Duplex's (python3-websockets) to the room's /echo, intercepting: its
# last message is held.
relay_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf '[relay]\nport=%s\nupstream=ws://127.0.0.1:%s/echo\nintercept=true\n' "$relay_port" "$port" \
    >>"$config/Duplex/duplex.conf"
"$app" &
sleep 4
xdotool mousemove 700 870 click 1
xdotool key ctrl+4 ctrl+7
xdotool key alt+s
sleep 1
/usr/bin/python3 "$here/relayed.py" "$relay_port" &
sleep 1.5
xdotool key alt+t # Hold messages to the server
sleep 4
xdotool mousemove 870 94 click 1  # Hide ping/pong
xdotool mousemove 900 140 click 1 # the first message
shot relay
# A fifth window in Chinese (LANGUAGE=zh_CN), its client on the first window's /echo.
LANGUAGE=zh_CN "$app" --connect "ws://127.0.0.1:$port/echo" &
sleep 4
xdotool mousemove 700 870 click 1
xdotool key ctrl+3 ctrl+7
xdotool mousemove 293 440 click 1 type 'hello'
xdotool key ctrl+Return
sleep 0.5
xdotool mousemove 900 140 click 1 # the first frame
shot zh-CN
echo "screenshots in $here"
