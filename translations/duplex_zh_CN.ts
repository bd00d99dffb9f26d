<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CaptureFormat</name>
    <message>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>not a Duplex capture file</source>
        <translation>不是 Duplex 抓包文件</translation>
    </message>
    <message>
        <source>capture format version %1 is not supported</source>
        <translation>不支持抓包格式版本 %1</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>ComposerVariables</name>
    <message>
        <source>seconds since 1970</source>
        <translation>自 1970 年起的秒数</translation>
    </message>
    <message>
        <source>the time in ISO 8601, UTC</source>
        <translation>ISO 8601 格式的时间，UTC</translation>
    </message>
    <message>
        <source>a number from 0 to 1000</source>
        <translation>0 到 1000 之间的数</translation>
    </message>
    <message>
        <source>a random UUID</source>
        <translation>随机 UUID</translation>
    </message>
    <message>
        <source>1 for the first message sent, then 2…</source>
        <translation>发送的第一条消息为 1，之后为 2…</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a name: use letters, digits, _, - and . (no $, no spaces)</source>
        <translation>“%1”不是名称：请使用字母、数字、_、- 和 .（不要 $，不要空格）</translation>
    </message>
</context>
<context>
    <name>Duplex::AutoReplies</name>
    <message>
        <source>&quot;%1&quot; is not &quot;message =&gt; reply&quot;</source>
        <translation>“%1”不是“消息 =&gt; 回复”</translation>
    </message>
    <message>
        <source>%1 is not a regular expression: %2</source>
        <translation>%1 不是正则表达式：%2</translation>
    </message>
</context>
<context>
    <name>Duplex::ChatClient</name>
    <message>
        <source>%1 and %2</source>
        <translation>%1 和 %2</translation>
    </message>
    <message>
        <source>%1 and %2 others</source>
        <translation>%1 和另外 %2 人</translation>
    </message>
    <message>
        <source>%1 sent no hello within %2 s of opening: it does not seem to be a Duplex room.</source>
        <translation>%1 在连接打开后 %2 秒内没有发送 hello：它似乎不是 Duplex 房间。</translation>
    </message>
    <message>
        <source>%1 is not a Duplex room: its first message was binary, where a room sends its hello as text.</source>
        <translation>%1 不是 Duplex 房间：它的第一条消息是二进制的，而房间以文本发送 hello。</translation>
    </message>
    <message>
        <source>left</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>%1 is not a Duplex room: its first message was not a hello but “%2”.</source>
        <translation>%1 不是 Duplex 房间：它的第一条消息不是 hello，而是“%2”。</translation>
    </message>
    <message>
        <source>Could not rejoin (%1); trying again in %2 s…</source>
        <translation>无法重新加入（%1）；%2 秒后重试…</translation>
    </message>
    <message>
        <source>Lost the room (%1); rejoining in %2 s…</source>
        <translation>与房间的连接断开（%1）；%2 秒后重新加入…</translation>
    </message>
    <message>
        <source>%1 was not shared: %2</source>
        <translation>%1 未能分享：%2</translation>
    </message>
    <message>
        <source>%1 was not shared: it is empty.</source>
        <translation>%1 未能分享：文件是空的。</translation>
    </message>
    <message>
        <source>%1 was not shared: the connection ended.</source>
        <translation>%1 未能分享：连接已断开。</translation>
    </message>
    <message>
        <source>%1 had left whole already: the room shares it.</source>
        <translation>%1 已全部发出：聊天室会分享它。</translation>
    </message>
    <message>
        <source>%1 was not shared: you cancelled it.</source>
        <translation>%1 未分享：你取消了它。</translation>
    </message>
    <message>
        <source>%1 was not shared: it could not be read to its end (%2).</source>
        <translation>%1 未能分享：无法读到文件末尾（%2）。</translation>
    </message>
</context>
<context>
    <name>Duplex::ChatPanel</name>
    <message>
        <source>&amp;Join</source>
        <translation>加入(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Leave</source>
        <translation>离开(&amp;L)</translation>
    </message>
    <message>
        <source>the room&apos;s page, http://host:8080/, or ws://host:8080/chat</source>
        <translation>房间的页面 http://host:8080/，或 ws://host:8080/chat</translation>
    </message>
    <message>
        <source>nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Double-click a member to write to them privately</source>
        <translation>双击成员即可私下给其写消息</translation>
    </message>
    <message>
        <source>Room:</source>
        <translation>房间：</translation>
    </message>
    <message>
        <source>Nickname:</source>
        <translation>昵称：</translation>
    </message>
    <message>
        <source>Not a room&apos;s address: give ws://host:port/chat, or the room&apos;s page, http://host:port/.</source>
        <translation>不是房间的地址：请给出 ws://host:port/chat，或房间的页面 http://host:port/。</translation>
    </message>
    <message>
        <source>Writing privately to &lt;b&gt;%1&lt;/b&gt; · &lt;a href=&quot;everyone&quot;&gt;write to everyone&lt;/a&gt; (Esc)</source>
        <translation>正在私下写给 &lt;b&gt;%1&lt;/b&gt; · &lt;a href=&quot;everyone&quot;&gt;写给所有人&lt;/a&gt;（Esc）</translation>
    </message>
    <message>
        <source>Write to everyone and press Enter</source>
        <translation>写给所有人，按 Enter 发送</translation>
    </message>
    <message>
        <source>Write to %1 only and press Enter</source>
        <translation>只写给 %1，按 Enter 发送</translation>
    </message>
    <message>
        <source>%1 is not in the room now: nothing was sent, and your message stays in the input.</source>
        <translation>%1 现在不在房间里：什么也没有发送，你的消息仍留在输入框中。</translation>
    </message>
    <message>
        <source> (private)</source>
        <translation>（私信）</translation>
    </message>
    <message>
        <source>→ %1 joined</source>
        <translation>→ %1 加入了</translation>
    </message>
    <message>
        <source>← %1 left (%2)</source>
        <translation>← %1 离开了（%2）</translation>
    </message>
    <message>
        <source>%1 is now %2</source>
        <translation>%1 现在叫 %2</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>已断开：%1</translation>
    </message>
    <message>
        <source>Share F&amp;ile…</source>
        <translation>分享文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Share files with the room, or with the member written to privately</source>
        <translation>与房间分享文件，或只分享给正在私下写给的成员</translation>
    </message>
    <message>
        <source>Sending %1: %p%</source>
        <translation>正在发送 %1：%p%</translation>
    </message>
    <message>
        <source>Save Shared File</source>
        <translation>保存分享的文件</translation>
    </message>
    <message>
        <source>%1 was not saved: %2</source>
        <translation>%1 未能保存：%2</translation>
    </message>
    <message>
        <source>Saving %1: %p%</source>
        <translation>正在保存 %1：%p%</translation>
    </message>
    <message>
        <source>Saved %1 as %2</source>
        <translation>已将 %1 保存为 %2</translation>
    </message>
    <message>
        <source>Save this file</source>
        <translation>保存此文件</translation>
    </message>
    <message>
        <source>shared %1</source>
        <translation>分享了 %1</translation>
    </message>
    <message>
        <source>Share Files with Everyone</source>
        <translation>与所有人分享文件</translation>
    </message>
    <message>
        <source>Share Files with %1 Only</source>
        <translation>只与 %1 分享文件</translation>
    </message>
    <message>
        <source>Sending %1: %p% (%2 more waiting)</source>
        <translation>正在发送 %1：%p%（另有 %2 个在等待）</translation>
    </message>
    <message>
        <source>%1 was not saved: you cancelled it.</source>
        <translation>%1 未保存：你取消了它。</translation>
    </message>
    <message>
        <source>1 file on its way to the room will not be shared.</source>
        <translation>1 个正在发往聊天室的文件将不会被分享。</translation>
    </message>
    <message>
        <source>%1 files on their way to the room will not be shared.</source>
        <translation>%1 个正在发往聊天室的文件将不会被分享。</translation>
    </message>
    <message>
        <source>1 file being saved will not be saved.</source>
        <translation>1 个正在保存的文件将保存不完。</translation>
    </message>
    <message>
        <source>%1 files being saved will not be saved.</source>
        <translation>%1 个正在保存的文件将保存不完。</translation>
    </message>
    <message>
        <source>pasted picture %1.png</source>
        <translation>粘贴的图片 %1.png</translation>
    </message>
    <message>
        <source>The pasted picture was not shared: it could not be written to %1.</source>
        <translation>粘贴的图片未能分享：无法写入 %1。</translation>
    </message>
    <message>
        <source>it is larger than %1: save it instead</source>
        <translation>它大于 %1：请改为保存</translation>
    </message>
    <message>
        <source>it is not a picture Duplex can read: save it instead</source>
        <translation>Duplex 无法读取这张图片：请改为保存</translation>
    </message>
    <message>
        <source>%1 could not be shown: %2</source>
        <translation>无法显示 %1：%2</translation>
    </message>
    <message>
        <source>Show this picture here</source>
        <translation>在这里显示这张图片</translation>
    </message>
    <message>
        <source>show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>%1 did not take that password. Its password:</source>
        <translation>%1 不接受这个密码。它的密码：</translation>
    </message>
    <message>
        <source>%1 asks for a password:</source>
        <translation>%1 需要密码：</translation>
    </message>
    <message>
        <source>Not joined: %1 asks for a password.</source>
        <translation>未加入：%1 需要密码。</translation>
    </message>
    <message>
        <source>Nearby (%1)</source>
        <translation>附近 (%1)</translation>
    </message>
    <message>
        <source>Rooms hosted with “Share on the LAN” on your networks announce themselves here; choose one to join it</source>
        <translation>你所在网络中以“在局域网上共享”主持的房间会在这里出现；选择一个即可加入</translation>
    </message>
    <message>
        <source>No room has announced itself on your networks</source>
        <translation>你所在的网络中还没有房间发布自己</translation>
    </message>
    <message>
        <source>%1 at %2 (asks for a password)</source>
        <translation>%1，位于 %2（需要密码）</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1，位于 %2</translation>
    </message>
</context>
<context>
    <name>Duplex::ClientHandshake</name>
    <message>
        <source>%1 closed the connection after the TLS handshake without answering, as a server that wants a client certificate does when it gets none: choose one and its key</source>
        <translation>%1 在 TLS 握手后没有应答就关闭了连接，这是需要客户端证书却没有收到的服务器的做法：请选择一个证书及其密钥</translation>
    </message>
    <message>
        <source>%1 closed the connection after the TLS handshake without answering, as a server does when it does not accept the client certificate given</source>
        <translation>%1 在 TLS 握手后没有应答就关闭了连接，这是不接受所给客户端证书的服务器的做法</translation>
    </message>
</context>
<context>
    <name>Duplex::ClientPanel</name>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>closing…</source>
        <translation>正在关闭…</translation>
    </message>
    <message>
        <source>waiting to reconnect</source>
        <translation>等待重新连接</translation>
    </message>
    <message>
        <source>Offer permessage-deflate</source>
        <translation>提议 permessage-deflate</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Reconnect when lost</source>
        <translation>断开后重新连接</translation>
    </message>
    <message>
        <source>S&amp;end</source>
        <translation>发送(&amp;E)</translation>
    </message>
    <message>
        <source>Eve&amp;ry</source>
        <translation>每隔(&amp;R)</translation>
    </message>
    <message>
        <source>Format &amp;JSON</source>
        <translation>格式化 &amp;JSON</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Pon&amp;g</source>
        <translation>Pon&amp;g</translation>
    </message>
    <message>
        <source>ws://127.0.0.1:8080/echo, or http://…/events for an event stream</source>
        <translation>ws://127.0.0.1:8080/echo，或事件流的 http://…/events</translation>
    </message>
    <message>
        <source>comma-separated, e.g. chat, superchat</source>
        <translation>以逗号分隔，例如 chat, superchat</translation>
    </message>
    <message>
        <source>one per line, e.g. Authorization: Bearer …</source>
        <translation>每行一个，例如 Authorization: Bearer …</translation>
    </message>
    <message>
        <source>none (as native clients)</source>
        <translation>无（与原生客户端相同）</translation>
    </message>
    <message>
        <source>Ask the server to compress what it sends, as browsers do</source>
        <translation>请服务器压缩它发送的内容，与浏览器相同</translation>
    </message>
    <message>
        <source>Server-sent events (any server)</source>
        <translation>服务器发送事件（任何服务器）</translation>
    </message>
    <message>
        <source>Long polls (a Duplex room)</source>
        <translation>长轮询（Duplex 房间）</translation>
    </message>
    <message>
        <source>Short polls (a Duplex room)</source>
        <translation>短轮询（Duplex 房间）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>every </source>
        <translation>每 </translation>
    </message>
    <message>
        <source>sent with POST, as typed</source>
        <translation>以 POST 发送，按输入原样</translation>
    </message>
    <message>
        <source>all; or comma-separated, e.g. message, update</source>
        <translation>全部；或以逗号分隔，例如 message, update</translation>
    </message>
    <message>
        <source>Text message (UTF-8); {{$timestamp}} and others are filled in when sent</source>
        <translation>文本消息（UTF-8）；{{$timestamp}} 等在发送时填入</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Filled in when sent:
%1
and your own {{name}}s (Rules ▸ Variables…)</source>
        <translation>发送时填入：
%1
以及你自己的 {{name}}（规则 ▸ 变量…）</translation>
    </message>
    <message>
        <source>Hex bytes, e.g. 01 02 ff or 01:02:ff</source>
        <translation>十六进制字节，例如 01 02 ff 或 01:02:ff</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Send a file as one binary message</source>
        <translation>将文件作为一条二进制消息发送</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Sends what the composer holds (Ctrl+Enter).</source>
        <translation>发送编辑器中的内容（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Sends what the composer holds at this interval while connected</source>
        <translation>连接期间按此间隔发送编辑器中的内容</translation>
    </message>
    <message>
        <source>Sa&amp;ved</source>
        <translation>已保存(&amp;V)</translation>
    </message>
    <message>
        <source>Messages kept under a name, to send again</source>
        <translation>以名称保存的消息，可再次发送</translation>
    </message>
    <message>
        <source>Indents the text message&apos;s JSON</source>
        <translation>缩进文本消息中的 JSON</translation>
    </message>
    <message>
        <source>&amp;Rules</source>
        <translation>规则(&amp;R)</translation>
    </message>
    <message>
        <source>Your own variables, and the messages the client answers by itself</source>
        <translation>你自己的变量，以及客户端自动应答的消息</translation>
    </message>
    <message>
        <source>&amp;Variables…</source>
        <translation>变量(&amp;V)…</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Filled in the URL, the headers and text messages as {{name}}; kept on this computer in Duplex&apos;s settings, so keep real secrets out.</source>
        <translation>以 {{name}} 的形式填入 URL、请求头和文本消息；保存在本机 Duplex 的设置中，所以不要放入真正的机密。</translation>
    </message>
    <message>
        <source># one a line, used as {{name}}
token = abc123
host = 127.0.0.1:8080</source>
        <translation># 每行一个，以 {{name}} 使用
token = abc123
host = 127.0.0.1:8080</translation>
    </message>
    <message>
        <source>&amp;Auto-replies…</source>
        <translation>自动回复(&amp;A)…</translation>
    </message>
    <message>
        <source>Auto-replies</source>
        <translation>自动回复</translation>
    </message>
    <message>
        <source>Each text message that arrives is answered by the first rule it matches: the whole message, or /a regular expression/ found in it, whose groups the reply takes as \1 … \9; {{variables}} are filled in. At most %1 replies a second.</source>
        <translation>每条到达的文本消息由它匹配的第一条规则应答：整条消息，或在其中找到的 /正则表达式/，回复以 \1 … \9 引用其分组；{{变量}} 会被填入。每秒最多 %1 条回复。</translation>
    </message>
    <message>
        <source># message =&gt; reply
{&quot;type&quot;:&quot;ping&quot;} =&gt; {&quot;type&quot;:&quot;pong&quot;}
/^hello (\w+)$/ =&gt; hi \1</source>
        <translation># 消息 =&gt; 回复
{&quot;type&quot;:&quot;ping&quot;} =&gt; {&quot;type&quot;:&quot;pong&quot;}
/^hello (\w+)$/ =&gt; hi \1</translation>
    </message>
    <message>
        <source>ping payload (≤ 125 bytes)</source>
        <translation>ping 载荷（≤ 125 字节）</translation>
    </message>
    <message>
        <source>&amp;Ping</source>
        <translation>&amp;Ping</translation>
    </message>
    <message>
        <source>A pong nobody asked for, with the payload beside: a one-way heartbeat (RFC 6455 §5.5.3)</source>
        <translation>无人请求的 pong，载荷在旁边：单向心跳（RFC 6455 §5.5.3）</translation>
    </message>
    <message>
        <source>one frame a message</source>
        <translation>每条消息一帧</translation>
    </message>
    <message>
        <source>frames of </source>
        <translation>分帧，每帧 </translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Send each message in frames of at most this many bytes, a first frame and continuations (RFC 6455 §5.4), to see a server put it together</source>
        <translation>将每条消息以最多这么多字节的帧发送，即一个首帧和若干延续帧（RFC 6455 §5.4），以观察服务器如何把它拼合</translation>
    </message>
    <message>
        <source>reason (≤ 123 bytes)</source>
        <translation>原因（≤ 123 字节）</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>关闭(&amp;L)</translation>
    </message>
    <message>
        <source>Close code must be a number such as 1000 or 4000.</source>
        <translation>关闭码必须是数字，例如 1000 或 4000。</translation>
    </message>
    <message>
        <source>← text: %1</source>
        <translation>← 文本：%1</translation>
    </message>
    <message>
        <source>← binary, %1 bytes: %2</source>
        <translation>← 二进制，%1 字节：%2</translation>
    </message>
    <message>
        <source>← pong &quot;%1&quot; after %2 ms</source>
        <translation>← pong“%1”，用时 %2 毫秒</translation>
    </message>
    <message>
        <source>→ file sent, %1 bytes</source>
        <translation>→ 文件已发送，%1 字节</translation>
    </message>
    <message>
        <source>Closed: %1</source>
        <translation>已关闭：%1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Reconnecting in %1 s (attempt %2)</source>
        <translation>%1 秒后重新连接（第 %2 次尝试）</translation>
    </message>
    <message>
        <source>← %1</source>
        <translation>← %1</translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation>已结束：%1</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL：</translation>
    </message>
    <message>
        <source>&amp;Transport:</source>
        <translation>传输方式(&amp;T)：</translation>
    </message>
    <message>
        <source>Sub&amp;protocols:</source>
        <translation>子协议(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Headers:</source>
        <translation>请求头(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Body:</source>
        <translation>正文(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Origin:</source>
        <translation>来源(&amp;O)：</translation>
    </message>
    <message>
        <source>Compression:</source>
        <translation>压缩：</translation>
    </message>
    <message>
        <source>Pro&amp;xy:</source>
        <translation>代理(&amp;X)：</translation>
    </message>
    <message>
        <source>Client certificate:</source>
        <translation>客户端证书：</translation>
    </message>
    <message>
        <source>Event t&amp;ypes:</source>
        <translation>事件类型(&amp;Y)：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Header lines are &quot;Name: value&quot;; &quot;%1&quot; is not.</source>
        <translation>请求头的行格式为“Name: value”；“%1”不是。</translation>
    </message>
    <message>
        <source>The TLS files cannot be used: %1.</source>
        <translation>无法使用这些 TLS 文件：%1。</translation>
    </message>
    <message>
        <source>The proxy cannot be used: %1.</source>
        <translation>无法使用该代理：%1。</translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation>正在连接到 %1</translation>
    </message>
    <message>
        <source>Connecting to the event stream at %1</source>
        <translation>正在连接到 %1 的事件流</translation>
    </message>
    <message>
        <source>Joining the room at %1 with %2</source>
        <translation>正在以 %2 加入 %1 的房间</translation>
    </message>
    <message>
        <source>Send (an event stream is one way: only the server talks)</source>
        <translation>发送（事件流是单向的：只有服务器说话）</translation>
    </message>
    <message>
        <source>Send (text, as POST /chat/send)</source>
        <translation>发送（文本，作为 POST /chat/send）</translation>
    </message>
    <message>
        <source>← event %1%2, %3 bytes: %4</source>
        <translation>← 事件 %1%2，%3 字节：%4</translation>
    </message>
    <message>
        <source>The replay goes on the connection open now; disconnect first to replay on the recorded request (%1).</source>
        <translation>重放将在现在打开的连接上进行；要在录制的请求（%1）上重放，请先断开连接。</translation>
    </message>
    <message>
        <source>The URL, subprotocols, headers and origin are the recorded request&apos;s (Ctrl+Z in a field brings back what it held).</source>
        <translation>URL、子协议、请求头和来源取自录制的请求（在字段中按 Ctrl+Z 可恢复原来的内容）。</translation>
    </message>
    <message>
        <source>A replay goes over a WebSocket: the URL must start with ws:// or wss://.</source>
        <translation>重放通过 WebSocket 进行：URL 必须以 ws:// 或 wss:// 开头。</translation>
    </message>
    <message>
        <source>A replay goes over a WebSocket; disconnect the %1 first.</source>
        <translation>重放通过 WebSocket 进行；请先断开 %1。</translation>
    </message>
    <message>
        <source>event stream</source>
        <translation>事件流</translation>
    </message>
    <message>
        <source>polls</source>
        <translation>轮询</translation>
    </message>
    <message>
        <source>→ text: %1</source>
        <translation>→ 文本：%1</translation>
    </message>
    <message>
        <source>→ binary, %1 bytes</source>
        <translation>→ 二进制，%1 字节</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开(&amp;D)</translation>
    </message>
    <message>
        <source>Open: 101 Switching Protocols</source>
        <translation>已打开：101 Switching Protocols</translation>
    </message>
    <message>
        <source>Open: 200, text/event-stream</source>
        <translation>已打开：200，text/event-stream</translation>
    </message>
    <message>
        <source>The certificate of %1 did not verify: %2</source>
        <translation>%1 的证书未通过验证：%2</translation>
    </message>
    <message>
        <source>Messages that match go unanswered for the rest of this second: more than %1 auto-replies a second (does a reply answer itself?).</source>
        <translation>匹配的消息在这一秒余下的时间里不会被应答：每秒超过 %1 条自动回复（是不是某条回复在应答它自己？）。</translation>
    </message>
    <message>
        <source>→ text (auto-reply): %1</source>
        <translation>→ 文本（自动回复）：%1</translation>
    </message>
    <message>
        <source>Not JSON: %1 at character %2</source>
        <translation>不是 JSON：第 %2 个字符处 %1</translation>
    </message>
    <message>
        <source>Replace the message saved as &quot;%1&quot;?</source>
        <translation>替换名为“%1”的已保存消息吗？</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;</source>
        <translation>已保存“%1”</translation>
    </message>
    <message>
        <source>Delete the message saved as &quot;%1&quot;?</source>
        <translation>删除名为“%1”的已保存消息吗？</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Deleted &quot;%1&quot;</source>
        <translation>已删除“%1”</translation>
    </message>
    <message>
        <source>Saved Messages</source>
        <translation>已保存的消息</translation>
    </message>
    <message>
        <source>&amp;Save This Message As…</source>
        <translation>将此消息另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the message</source>
        <translation>保存消息</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
</context>
<context>
    <name>Duplex::ClientTabs</name>
    <message>
        <source>Another client session, beside this one (Ctrl+T)</source>
        <translation>在旁边再开一个客户端会话（Ctrl+T）</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>Name the Client Session</source>
        <translation>命名客户端会话</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Client %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <source>Close the Client Session</source>
        <translation>关闭客户端会话</translation>
    </message>
    <message>
        <source>%1 is %2; closing it ends its connection.</source>
        <translation>%1 的状态为“%2”；关闭它会结束它的连接。</translation>
    </message>
    <message>
        <source>&amp;Close It</source>
        <translation>关闭它(&amp;C)</translation>
    </message>
</context>
<context>
    <name>Duplex::CompareDialog</name>
    <message>
        <source>&amp;Format JSON alike</source>
        <translation>按相同方式格式化 JSON(&amp;F)</translation>
    </message>
    <message>
        <source>Compare Messages</source>
        <translation>比较消息</translation>
    </message>
    <message>
        <source>Each object&apos;s keys in order and one value a line, so that only values differ</source>
        <translation>每个对象的键按顺序排列，每行一个值，这样只有值会不同</translation>
    </message>
    <message>
        <source>− %1
+ %2</source>
        <translation>− %1
+ %2</translation>
    </message>
    <message>
        <source>Each compared as far as its first %1 KiB.</source>
        <translation>每条消息只比较前 %1 KiB。</translation>
    </message>
    <message>
        <source>The same, formatted as JSON.</source>
        <translation>相同（按 JSON 格式化后）。</translation>
    </message>
    <message>
        <source>The same.</source>
        <translation>相同。</translation>
    </message>
    <message>
        <source>%1 lines only in the first, %2 only in the second.</source>
        <translation>%1 行只在第一条中，%2 行只在第二条中。</translation>
    </message>
    <message>
        <source>They differ by more than %1 lines: between their common start and end, the first&apos;s lines are all shown removed and the second&apos;s added.</source>
        <translation>它们相差超过 %1 行：在共同的开头和结尾之间，第一条的所有行显示为删除，第二条的显示为添加。</translation>
    </message>
    <message>
        <source>  ⋯ %1 lines the same ⋯</source>
        <translation>  ⋯ %1 行相同 ⋯</translation>
    </message>
    <message>
        <source>  ⋯ %1 more lines not shown</source>
        <translation>  ⋯ 还有 %1 行未显示</translation>
    </message>
</context>
<context>
    <name>Duplex::ConnectionListModel</name>
    <message>
        <source>relay for %1</source>
        <translation>%1 的中继</translation>
    </message>
    <message>
        <source>relayed client %1</source>
        <translation>被中继的客户端 %1</translation>
    </message>
    <message>
        <source>client %1</source>
        <translation>客户端 %1</translation>
    </message>
    <message>
        <source>%1, the room&apos;s end</source>
        <translation>%1，房间一端</translation>
    </message>
    <message>
        <source>closed %1</source>
        <translation>已关闭 %1</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <source>refused %1</source>
        <translation>已拒绝 %1</translation>
    </message>
    <message>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>%1 → %2 · %3</source>
        <translation>%1 → %2 · %3</translation>
    </message>
    <message>
        <source>#%1 %2 · %3 · %4</source>
        <translation>#%1 %2 · %3 · %4</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source> · the room&apos;s end of %1</source>
        <translation> · %1 的房间一端</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>↑ %1 · %2  ↓ %3 · %4</source>
        <translation>↑ %1 · %2  ↓ %3 · %4</translation>
    </message>
    <message>
        <source>waiting for the handshake</source>
        <translation>正在等待握手</translation>
    </message>
    <message>
        <source> · closed: %1</source>
        <translation> · 已关闭：%1</translation>
    </message>
    <message>
        <source>Frames (an event stream&apos;s events) and their payloads&apos; bytes: ↑ client to server, ↓ server to client</source>
        <translation>帧（事件流的事件）及其载荷字节数：↑ 客户端到服务器，↓ 服务器到客户端</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>谁</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>Duplex::Conversation</name>
    <message>
        <source> … (%1 bytes in all)</source>
        <translation> …（共 %1 字节）</translation>
    </message>
    <message>
        <source>text</source>
        <translation>text</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>binary</translation>
    </message>
    <message>
        <source>(its first fragments are no longer held) </source>
        <translation>（其前面的分片已不再保留）</translation>
    </message>
    <message>
        <source>client → server</source>
        <translation>客户端 → 服务器</translation>
    </message>
    <message>
        <source>server → client</source>
        <translation>服务器 → 客户端</translation>
    </message>
</context>
<context>
    <name>Duplex::ConversationDialog</name>
    <message>
        <source>&amp;Pings and pongs</source>
        <translation>Ping 和 pong(&amp;P)</translation>
    </message>
    <message>
        <source>Conversation: %1</source>
        <translation>对话：%1</translation>
    </message>
    <message>
        <source>&amp;Copy All</source>
        <translation>全部复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save As…</source>
        <translation>另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the conversation</source>
        <translation>保存对话</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The frames table holds nothing of this connection to show.</source>
        <translation>帧表中没有这个连接的内容可显示。</translation>
    </message>
</context>
<context>
    <name>Duplex::EventSourceSession</name>
    <message>
        <source>An event stream is at an http:// or https:// address, not &quot;%1&quot;.</source>
        <translation>事件流的地址是 http:// 或 https://，而不是“%1”。</translation>
    </message>
    <message>
        <source>the server ended the stream</source>
        <translation>服务器结束了事件流</translation>
    </message>
    <message>
        <source>the answer&apos;s head is over %1 bytes</source>
        <translation>应答头超过 %1 字节</translation>
    </message>
    <message>
        <source>the answer is not HTTP: %1</source>
        <translation>应答不是 HTTP：%1</translation>
    </message>
    <message>
        <source>the server answered 204 No Content: it has no more events</source>
        <translation>服务器应答 204 No Content：它没有更多事件了</translation>
    </message>
    <message>
        <source>the server answered %1 %2</source>
        <translation>服务器应答 %1 %2</translation>
    </message>
    <message>
        <source>: it is at %1</source>
        <translation>：它在 %1</translation>
    </message>
    <message>
        <source>the answer is %1, not text/event-stream</source>
        <translation>应答是 %1，而不是 text/event-stream</translation>
    </message>
    <message>
        <source>the stream&apos;s chunks are broken: %1</source>
        <translation>事件流的分块已损坏：%1</translation>
    </message>
    <message>
        <source>the stream is refused: %1</source>
        <translation>事件流被拒绝：%1</translation>
    </message>
    <message>
        <source>%1; reconnecting in %2 s</source>
        <translation>%1；%2 秒后重新连接</translation>
    </message>
</context>
<context>
    <name>Duplex::FrameFilterModel</name>
    <message>
        <source>not a regular expression: %1 at character %2</source>
        <translation>不是正则表达式：第 %2 个字符处 %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Δ Time (s)</source>
        <translation>Δ 时间（秒）</translation>
    </message>
</context>
<context>
    <name>Duplex::FrameLogModel</name>
    <message>
        <source>payload dropped: memory budget</source>
        <translation>载荷已丢弃：内存预算</translation>
    </message>
    <message>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>event: %1</source>
        <translation>事件：%1</translation>
    </message>
    <message>
        <source>%1 · id %2</source>
        <translation>%1 · id %2</translation>
    </message>
    <message>
        <source> · held %1 s</source>
        <translation> · 保持了 %1 秒</translation>
    </message>
    <message>
        <source>violation</source>
        <translation>违规</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>SSE</source>
        <translation>SSE</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>client → server</source>
        <translation>客户端 → 服务器</translation>
    </message>
    <message>
        <source>server → client</source>
        <translation>服务器 → 客户端</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>时间（秒）</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Opcode</source>
        <translation>操作码</translation>
    </message>
    <message>
        <source>FIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>RSV</source>
        <translation>RSV</translation>
    </message>
    <message>
        <source>Masking key</source>
        <translation>掩码密钥</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
</context>
<context>
    <name>Duplex::FramesPanel</name>
    <message>
        <source>payload dropped: memory budget (the oldest go first; View ▸ Monitor Memory… keeps more)</source>
        <translation>载荷已丢弃：内存预算（最旧的先丢弃；视图 ▸ 监视器内存… 可保留更多）</translation>
    </message>
    <message>
        <source>Hide ping/pong</source>
        <translation>隐藏 ping/pong</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>两个方向</translation>
    </message>
    <message>
        <source>client → server</source>
        <translation>客户端 → 服务器</translation>
    </message>
    <message>
        <source>server → client</source>
        <translation>服务器 → 客户端</translation>
    </message>
    <message>
        <source>All opcodes</source>
        <translation>所有操作码</translation>
    </message>
    <message>
        <source>Search payloads</source>
        <translation>搜索载荷</translation>
    </message>
    <message>
        <source>Seconds Since the Start</source>
        <translation>自开始以来的秒数</translation>
    </message>
    <message>
        <source>Wall Clock</source>
        <translation>挂钟时间</translation>
    </message>
    <message>
        <source>Seconds Since the Row Above</source>
        <translation>距上一行的秒数</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Choose a frame to see every field.</source>
        <translation>选择一帧以查看它的每个字段。</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>消息(&amp;M)</translation>
    </message>
    <message>
        <source>F&amp;ields</source>
        <translation>字段(&amp;I)</translation>
    </message>
    <message>
        <source>close %1, %2%3</source>
        <translation>关闭 %1，%2%3</translation>
    </message>
    <message>
        <source>Protocol violation on connection %1, %2, at %3 s
close code %4 (%5)
%6</source>
        <translation>连接 %1 上的协议违规，%2，于 %3 秒
关闭码 %4（%5）
%6</translation>
    </message>
    <message>
        <source>, of which the first %1 are in this capture</source>
        <translation>，其中前 %1 个在此抓包中</translation>
    </message>
    <message>
        <source>%1 on connection %2, %3, at %4 s
%5
%6 %7 bytes%8</source>
        <translation>连接 %2 上的 %1，%3，于 %4 秒
%5
%6 %7 字节%8</translation>
    </message>
    <message>
        <source>SSE event</source>
        <translation>SSE 事件</translation>
    </message>
    <message>
        <source>HTTP message</source>
        <translation>HTTP 消息</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>body</source>
        <translation>正文</translation>
    </message>
    <message>
        <source>Frame on connection %1, %2, at %3 s</source>
        <translation>连接 %1 上的帧，%2，于 %3 秒</translation>
    </message>
    <message>
        <source>FIN      %1  (%2)</source>
        <translation>FIN      %1  （%2）</translation>
    </message>
    <message>
        <source>last frame of its message</source>
        <translation>其消息的最后一帧</translation>
    </message>
    <message>
        <source>more follow</source>
        <translation>后面还有</translation>
    </message>
    <message>
        <source>RSV1-3   %1 %2 %3%4</source>
        <translation>RSV1-3   %1 %2 %3%4</translation>
    </message>
    <message>
        <source>  (RSV1: compressed with permessage-deflate)</source>
        <translation>  （RSV1：以 permessage-deflate 压缩）</translation>
    </message>
    <message>
        <source>opcode   0x%1  %2</source>
        <translation>opcode   0x%1  %2</translation>
    </message>
    <message>
        <source>MASK     %1</source>
        <translation>MASK     %1</translation>
    </message>
    <message>
        <source>1, key %1</source>
        <translation>1，密钥 %1</translation>
    </message>
    <message>
        <source>0</source>
        <translation>0</translation>
    </message>
    <message>
        <source>length   %1 bytes, in the %2-bit encoding; header %3 bytes</source>
        <translation>length   %1 字节，%2 位编码；帧头 %3 字节</translation>
    </message>
    <message>
        <source>inflated %1 bytes</source>
        <translation>inflated %1 字节</translation>
    </message>
    <message>
        <source>close    %1 %2%3</source>
        <translation>close    %1 %2%3</translation>
    </message>
    <message>
        <source>(the first %1 bytes of the payload are in this capture)</source>
        <translation>（载荷的前 %1 字节在此抓包中）</translation>
    </message>
    <message>
        <source>fragment %1 of %2 of one message of %3 bytes, which Message shows whole</source>
        <translation>一条 %3 字节消息的第 %1 个分片（共 %2 个），“消息”页显示完整消息</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>Answered after %1. &lt;a href=&quot;answer&quot;&gt;Show the answer&lt;/a&gt;</source>
        <translation>%1 后得到应答。&lt;a href=&quot;answer&quot;&gt;显示应答&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Answers the request sent %1 earlier. &lt;a href=&quot;request&quot;&gt;Show the request&lt;/a&gt;</source>
        <translation>应答 %1 前发送的请求。&lt;a href=&quot;request&quot;&gt;显示请求&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Not answered yet on its connection.</source>
        <translation>在它的连接上尚未得到应答。</translation>
    </message>
    <message>
        <source>Not answered in the next %1 of its connection&apos;s messages.</source>
        <translation>在它的连接接下来的 %1 条消息中没有得到应答。</translation>
    </message>
    <message>
        <source>Its request is not in the table (it may be older than the table&apos;s first row).</source>
        <translation>它的请求不在表中（可能早于表的第一行）。</translation>
    </message>
    <message>
        <source>Its request is not in the %1 of its connection&apos;s messages before it.</source>
        <translation>它的请求不在它之前的 %1 条该连接的消息中。</translation>
    </message>
    <message>
        <source>The filters hide that message.</source>
        <translation>过滤器隐藏了那条消息。</translation>
    </message>
    <message>
        <source>That message has left the table (the oldest rows go first).</source>
        <translation>那条消息已离开表格（最旧的行先离开）。</translation>
    </message>
    <message>
        <source>&amp;Copy Payload</source>
        <translation>复制载荷(&amp;C)</translation>
    </message>
    <message>
        <source>Copy Payload as &amp;JSON</source>
        <translation>以 &amp;JSON 复制载荷</translation>
    </message>
    <message>
        <source>Copy Payload as &amp;Hex</source>
        <translation>以十六进制复制载荷(&amp;H)</translation>
    </message>
    <message>
        <source>Copy Payload as &amp;Base64</source>
        <translation>以 &amp;Base64 复制载荷</translation>
    </message>
    <message>
        <source>Copy &amp;Row</source>
        <translation>复制行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save Payload…</source>
        <translation>保存载荷(&amp;S)…</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Mar&amp;k for Comparison</source>
        <translation>标记以便比较(&amp;K)</translation>
    </message>
    <message>
        <source>Com&amp;pare with Marked…</source>
        <translation>与已标记的比较(&amp;P)…</translation>
    </message>
    <message>
        <source>Mark Co&amp;nnection for Comparison</source>
        <translation>标记连接以便比较(&amp;N)</translation>
    </message>
    <message>
        <source>Compare Connec&amp;tion with Marked…</source>
        <translation>将连接与已标记的比较(&amp;T)…</translation>
    </message>
    <message>
        <source>Re&amp;send from the Client</source>
        <translation>从客户端重新发送(&amp;S)</translation>
    </message>
    <message>
        <source>Repla&amp;y Connection from the Client</source>
        <translation>从客户端重放连接(&amp;Y)</translation>
    </message>
    <message>
        <source>Replay Connection from the Roo&amp;m</source>
        <translation>从房间重放连接(&amp;M)</translation>
    </message>
    <message>
        <source>Show &amp;Only This Connection</source>
        <translation>只显示此连接(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Follow Conversation…</source>
        <translation>跟踪对话(&amp;F)…</translation>
    </message>
    <message>
        <source>JSON-RPC Ca&amp;lls…</source>
        <translation>JSON-RPC 调用(&amp;L)…</translation>
    </message>
    <message>
        <source>Save the payload</source>
        <translation>保存载荷</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>Duplex::HandshakePanel</name>
    <message>
        <source>Header</source>
        <translation>头字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Answered %1 without upgrading: %2</source>
        <translation>以 %1 应答而未升级：%2</translation>
    </message>
    <message>
        <source>Plain HTTP, answered %1 (the latest request on this connection); its bodies and SSE events are in the Frames tab.</source>
        <translation>普通 HTTP，以 %1 应答（此连接上最近的请求）；它的正文和 SSE 事件在“帧”页中。</translation>
    </message>
    <message>
        <source>The heads could not be parsed.</source>
        <translation>无法解析这些头。</translation>
    </message>
    <message>
        <source>Sec-WebSocket-Accept = base64(SHA-1(key + GUID))
key:      %1
GUID:     258EAFA5-E914-47DA-95CA-C5AB0DC85B11
SHA-1 → base64: %2
server sent:    %3
</source>
        <translation>Sec-WebSocket-Accept = base64(SHA-1(key + GUID))
key:      %1
GUID:     258EAFA5-E914-47DA-95CA-C5AB0DC85B11
SHA-1 → base64: %2
服务器发送:    %3
</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>✔ PASS: the server computed the right answer; the connection is upgraded.</source>
        <translation>✔ 通过：服务器算出了正确的应答；连接已升级。</translation>
    </message>
    <message>
        <source>✘ FAIL: %1</source>
        <translation>✘ 失败：%1</translation>
    </message>
    <message>
        <source>status %1, not 101</source>
        <translation>状态码 %1，而不是 101</translation>
    </message>
</context>
<context>
    <name>Duplex::HeartbeatPanel</name>
    <message>
        <source>Remove &amp;Closed</source>
        <translation>移除已关闭的(&amp;C)</translation>
    </message>
    <message>
        <source>Ping → pong round trip</source>
        <translation>Ping → pong 往返</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>时间（秒）</translation>
    </message>
    <message>
        <source>round trip (ms)</source>
        <translation>往返（毫秒）</translation>
    </message>
    <message>
        <source>Tick the lines to draw; each keeps its colour.</source>
        <translation>勾选要绘制的线；每条线保持自己的颜色。</translation>
    </message>
    <message>
        <source>Takes the closed connections off the list and the chart.</source>
        <translation>从列表和图表中移除已关闭的连接。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Seconds between heartbeat pings, for the room and the client; 0 turns them off.</source>
        <translation>心跳 ping 的间隔秒数，用于房间和客户端；0 表示关闭。</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>线条</translation>
    </message>
    <message>
        <source>Ping every</source>
        <translation>Ping 间隔</translation>
    </message>
    <message>
        <source> · room pings</source>
        <translation> · 房间 ping</translation>
    </message>
    <message>
        <source> · client pings</source>
        <translation> · 客户端 ping</translation>
    </message>
    <message>
        <source>#%1 server pings</source>
        <translation>#%1 服务器 ping</translation>
    </message>
    <message>
        <source>#%1 client pings</source>
        <translation>#%1 客户端 ping</translation>
    </message>
    <message>
        <source>%1, missed</source>
        <translation>%1，未应答</translation>
    </message>
    <message>
        <source>Choose a connection for its min, median and p99.</source>
        <translation>选择一个连接以查看其最小值、中位数和 p99。</translation>
    </message>
    <message>
        <source>Connection %1: no pong yet, %2 missed</source>
        <translation>连接 %1：尚无 pong，%2 次未应答</translation>
    </message>
    <message>
        <source>Connection %1: min %2 ms · median %3 ms · p99 %4 ms · %5 answered, %6 missed</source>
        <translation>连接 %1：最小 %2 毫秒 · 中位数 %3 毫秒 · p99 %4 毫秒 · %5 次应答，%6 次未应答</translation>
    </message>
</context>
<context>
    <name>Duplex::HexView</name>
    <message>
        <source>The bytes on the wire and, for a masked frame, the same bytes with the payload unmasked; then the payload as ASCII.
Blue: header. Orange: masking key. Black: payload.</source>
        <translation>线上的字节，以及（对于掩码帧）载荷去掩码后的相同字节；然后是载荷的 ASCII。
蓝色：帧头。橙色：掩码密钥。黑色：载荷。</translation>
    </message>
    <message>
        <source>on the wire</source>
        <translation>线上</translation>
    </message>
    <message>
        <source>unmasked</source>
        <translation>去掩码</translation>
    </message>
    <message>
        <source>ASCII</source>
        <translation>ASCII</translation>
    </message>
</context>
<context>
    <name>Duplex::HostPanel</name>
    <message>
        <source>Keep the chat&apos;s last %1 messages on this computer for the next time</source>
        <translation>在本机保留聊天的最近 %1 条消息，供下次使用</translation>
    </message>
    <message>
        <source>&amp;Kick…</source>
        <translation>踢出(&amp;K)…</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>only the room&apos;s own page; * for any, or https://example.com, …</source>
        <translation>只允许房间自己的页面；* 表示任意，或 https://example.com, …</translation>
    </message>
    <message>
        <source>Browsers send the page&apos;s origin with every WebSocket and HTTP request; pages from other origins are refused with 403 unless listed here (native clients send none).</source>
        <translation>浏览器在每个 WebSocket 和 HTTP 请求中发送页面的来源；来自其他来源的页面会被以 403 拒绝，除非列在这里（原生客户端不发送来源）。</translation>
    </message>
    <message>
        <source>Kick %1</source>
        <translation>踢出 %1</translation>
    </message>
    <message>
        <source>%1 will be disconnected (close code 1008). Reason, shown to the room:</source>
        <translation>%1 将被断开（关闭码 1008）。原因（向房间显示）：</translation>
    </message>
    <message>
        <source>kicked by the host</source>
        <translation>被主持人踢出</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Allowed &amp;origins:</source>
        <translation>允许的来源(&amp;O)：</translation>
    </message>
    <message>
        <source>Join at</source>
        <translation>加入地址</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>The room did not start: %1.</source>
        <translation>房间没有启动：%1。</translation>
    </message>
    <message>
        <source>Untick “%1” to host without it; a damaged file can be deleted with Room ▸ Forget Chat History.</source>
        <translation>取消勾选“%1”即可不使用它来主持；损坏的文件可以用 房间 ▸ 忘记聊天历史 删除。</translation>
    </message>
    <message>
        <source>In %1; Room ▸ Forget Chat History deletes it.</source>
        <translation>在 %1 中；房间 ▸ 忘记聊天历史 会删除它。</translation>
    </message>
    <message>
        <source>The chat&apos;s history cannot be written to %1: %2. Messages still reach everyone, and Duplex keeps trying: once it can, it writes what waited.</source>
        <translation>聊天历史无法写入 %1：%2。消息仍会送达每个人，Duplex 会继续尝试：一旦可以，就会写入积压的内容。</translation>
    </message>
    <message>
        <source>This is you: leave the room from the Chat tab, or stop the room</source>
        <translation>这是你自己：请在“聊天”页离开房间，或停止房间</translation>
    </message>
    <message>
        <source>Close the member&apos;s connection with 1008 (policy violation) and a reason</source>
        <translation>以 1008（违反策略）和一个原因关闭该成员的连接</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>主持(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Not hosting.</source>
        <translation>未在主持。</translation>
    </message>
    <message>
        <source>Hosting on port %1: /chat is the room, /echo echoes, / is the web page.</source>
        <translation>正在端口 %1 上主持：/chat 是房间，/echo 回显，/ 是网页。</translation>
    </message>
    <message>
        <source>Saying goodbye (1001) to everyone…</source>
        <translation>正在向所有人道别（1001）…</translation>
    </message>
    <message>
        <source>Press Host: the addresses to join at show here.</source>
        <translation>按“主持”：加入地址会显示在这里。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>复制 %1</translation>
    </message>
    <message>
        <source>QR</source>
        <translation>QR</translation>
    </message>
    <message>
        <source>Show the QR code of %1</source>
        <translation>显示 %1 的二维码</translation>
    </message>
    <message>
        <source>The chat page: any browser joins here</source>
        <translation>聊天页面：任何浏览器都可以从这里加入</translation>
    </message>
    <message>
        <source>The room for WebSocket clients</source>
        <translation>供 WebSocket 客户端使用的房间</translation>
    </message>
    <message>
        <source>Scan to open
%1</source>
        <translation>扫描以打开
%1</translation>
    </message>
    <message>
        <source>none: anyone who can reach the room joins</source>
        <translation>无：能连到房间的人都可加入</translation>
    </message>
    <message>
        <source>Members give it to join: the chat page asks for it, and the QR code carries it. It travels unencrypted, as the chat does.</source>
        <translation>成员凭它加入：聊天网页会询问，二维码中也带有它。它与聊天内容一样未经加密传输。</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>Scan to open
%1
with the password</source>
        <translation>扫码打开
%1
（含密码）</translation>
    </message>
    <message>
        <source>Off: only this computer can join (127.0.0.1). On: anyone on your networks can, and Duplex there finds the room under Chat ▸ Nearby.</source>
        <translation>关闭：只有本机可以加入（127.0.0.1）。开启：你所在网络中的任何人都可以加入，那里的 Duplex 会在 聊天 ▸ 附近 中找到这个房间。</translation>
    </message>
    <message>
        <source>Only this computer can join: for others to, stop the room and tick “Share on the LAN”.</source>
        <translation>只有本机可以加入：要让其他人加入，请停止房间并勾选“在局域网上共享”。</translation>
    </message>
    <message>
        <source>This computer is on no network others could join from.</source>
        <translation>本机不在任何其他人可以从中加入的网络上。</translation>
    </message>
    <message>
        <source>Announced on %1: Duplex there lists the room under Chat ▸ Nearby. Someone who does not see it there may have a firewall that drops UDP port %2; someone who cannot join, one here that refuses TCP port %3.</source>
        <translation>已在 %1 上发布：那里的 Duplex 会在 聊天 ▸ 附近 中列出这个房间。在那里看不到它的人，可能有防火墙丢弃了 UDP 端口 %2；无法加入的人，可能是本机的防火墙拒绝了 TCP 端口 %3。</translation>
    </message>
    <message>
        <source>Share on the LAN (listen on all interfaces)</source>
        <translation>在局域网上共享（监听所有网络接口）</translation>
    </message>
</context>
<context>
    <name>Duplex::HttpRequester</name>
    <message>
        <source>the server closed the connection before answering</source>
        <translation>服务器在应答之前关闭了连接</translation>
    </message>
    <message>
        <source>the server sent bytes nobody asked for</source>
        <translation>服务器发送了没有人请求的字节</translation>
    </message>
    <message>
        <source>the answer&apos;s head is over %1 bytes</source>
        <translation>应答头超过 %1 字节</translation>
    </message>
    <message>
        <source>the answer is not HTTP: %1</source>
        <translation>应答不是 HTTP：%1</translation>
    </message>
    <message>
        <source>the answer&apos;s Content-Length is not a size up to %1 bytes</source>
        <translation>应答的 Content-Length 不是不超过 %1 字节的大小</translation>
    </message>
    <message>
        <source>the answer&apos;s chunks are broken: %1</source>
        <translation>应答的分块已损坏：%1</translation>
    </message>
    <message>
        <source>the answer&apos;s body is over %1 bytes</source>
        <translation>应答正文超过 %1 字节</translation>
    </message>
</context>
<context>
    <name>Duplex::InterceptView</name>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>text</source>
        <translation>text</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>binary</translation>
    </message>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>→ %1 · %2 · %3, %4: %5</source>
        <translation>→ %1 · %2 · %3，%4：%5</translation>
    </message>
    <message>
        <source>Hold messages &amp;to the server</source>
        <translation>拦截发往服务器的消息(&amp;T)</translation>
    </message>
    <message>
        <source>Hold messages to the c&amp;lient</source>
        <translation>拦截发往客户端的消息(&amp;L)</translation>
    </message>
    <message>
        <source>For&amp;ward</source>
        <translation>转发(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Drop</source>
        <translation>丢弃(&amp;D)</translation>
    </message>
    <message>
        <source>Forward &amp;All</source>
        <translation>全部转发(&amp;A)</translation>
    </message>
    <message>
        <source>Send to Server</source>
        <translation>发送到服务器</translation>
    </message>
    <message>
        <source>Send to Client</source>
        <translation>发送到客户端</translation>
    </message>
    <message>
        <source>only those matching, e.g. &quot;type&quot;:\s*&quot;order&quot;</source>
        <translation>只拦截匹配的，例如 &quot;type&quot;:\s*&quot;order&quot;</translation>
    </message>
    <message>
        <source>A regular expression: only the messages it finds something in are held (binary ones as hex digits, such as ff01); the others still wait behind a held one</source>
        <translation>一个正则表达式：只拦截在其中找到匹配的消息（二进制消息以十六进制数字匹配，例如 ff01）；其他消息仍在被拦截的消息后面等待</translation>
    </message>
    <message>
        <source>Held messages, oldest first. Each way, the messages behind a held one wait for it.</source>
        <translation>被拦截的消息，最旧的在前。每个方向上，被拦截消息之后的消息都等待它。</translation>
    </message>
    <message>
        <source>The selected message, to edit before it goes on (binary as hex bytes)</source>
        <translation>所选消息，可在继续发送前编辑（二进制以十六进制字节表示）</translation>
    </message>
    <message>
        <source>A text message of your own</source>
        <translation>你自己的一条文本消息</translation>
    </message>
    <message>
        <source>The connection your message goes on</source>
        <translation>你的消息所走的连接</translation>
    </message>
    <message>
        <source>#%1 for %2</source>
        <translation>#%1，给 %2</translation>
    </message>
    <message>
        <source>A binary message is edited as hex bytes, such as 48 69 0a: %1.</source>
        <translation>二进制消息以十六进制字节编辑，例如 48 69 0a：%1。</translation>
    </message>
    <message>
        <source>The pattern is not a regular expression (%1): the last one that was still applies.</source>
        <translation>该模式不是正则表达式（%1）：仍沿用上一个有效的模式。</translation>
    </message>
    <message>
        <source>The message did not go on: its connection ended.</source>
        <translation>消息没有发出：它的连接已结束。</translation>
    </message>
    <message>
        <source>The message was no longer held: its connection ended.</source>
        <translation>消息已不再被拦截：它的连接已结束。</translation>
    </message>
    <message>
        <source>No connection is open through the relay to send on.</source>
        <translation>没有经过中继的已打开连接可以发送。</translation>
    </message>
    <message>
        <source>The message did not go: that side of the connection has closed.</source>
        <translation>消息没有发出：连接的那一端已关闭。</translation>
    </message>
    <message>
        <source>A held message was not delivered: connection %1 ended first.</source>
        <translation>一条被拦截的消息未送达：连接 %1 已先结束。</translation>
    </message>
    <message>
        <source>%1 held messages were not delivered: connection %2 ended first.</source>
        <translation>%1 条被拦截的消息未送达：连接 %2 已先结束。</translation>
    </message>
</context>
<context>
    <name>Duplex::JsonRpc</name>
    <message>
        <source>request “%1” · id %2</source>
        <translation>请求“%1” · id %2</translation>
    </message>
    <message>
        <source>notification “%1”</source>
        <translation>通知“%1”</translation>
    </message>
    <message>
        <source>result · id %1</source>
        <translation>结果 · id %1</translation>
    </message>
    <message>
        <source>error %1 “%2” · id %3</source>
        <translation>错误 %1“%2” · id %3</translation>
    </message>
    <message>
        <source>JSON-RPC %1</source>
        <translation>JSON-RPC %1</translation>
    </message>
    <message>
        <source>JSON-RPC batch of %1: %2</source>
        <translation>JSON-RPC 批量（%1 条）：%2</translation>
    </message>
    <message>
        <source>error “%1” · id %2</source>
        <translation>错误“%1” · id %2</translation>
    </message>
    <message>
        <source>JSON-RPC 1.0 %1</source>
        <translation>JSON-RPC 1.0 %1</translation>
    </message>
</context>
<context>
    <name>Duplex::LabRun</name>
    <message>
        <source>The lab&apos;s relay cannot listen: %1</source>
        <translation>实验室的中继无法监听：%1</translation>
    </message>
    <message>
        <source>The lab&apos;s sender lost the room: %1</source>
        <translation>实验室的发送者与房间断开：%1</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>A client failed (%1): %2</source>
        <translation>一个客户端失败（%1）：%2</translation>
    </message>
    <message>
        <source>The lab&apos;s sender could not join the room in %1 s.</source>
        <translation>实验室的发送者未能在 %1 秒内加入房间。</translation>
    </message>
    <message>
        <source>Only %1 of %2 clients joined in %3 s (%4).</source>
        <translation>%3 秒内只有 %1 个（共 %2 个）客户端加入（%4）。</translation>
    </message>
    <message>
        <source>The short polls went unanswered for %1 s.</source>
        <translation>短轮询 %1 秒没有得到应答。</translation>
    </message>
</context>
<context>
    <name>Duplex::LabTable</name>
    <message>
        <source>Per transport</source>
        <translation>按传输方式</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Messages sent</source>
        <translation>已发送消息</translation>
    </message>
    <message>
        <source>Delivered %</source>
        <translation>送达 %</translation>
    </message>
    <message>
        <source>Down B/msg</source>
        <translation>下行 B/消息</translation>
    </message>
    <message>
        <source>· HTTP headers</source>
        <translation>· HTTP 头</translation>
    </message>
    <message>
        <source>· framing</source>
        <translation>· 帧格式</translation>
    </message>
    <message>
        <source>· payload</source>
        <translation>· 载荷</translation>
    </message>
    <message>
        <source>Predicted down B/msg</source>
        <translation>预计下行 B/消息</translation>
    </message>
    <message>
        <source>Up B/msg</source>
        <translation>上行 B/消息</translation>
    </message>
    <message>
        <source>Predicted up B/msg</source>
        <translation>预计上行 B/消息</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>请求/秒</translation>
    </message>
    <message>
        <source>Predicted requests/s</source>
        <translation>预计请求/秒</translation>
    </message>
    <message>
        <source>Empty answers</source>
        <translation>空应答</translation>
    </message>
    <message>
        <source>Messages per answer</source>
        <translation>每个应答的消息数</translation>
    </message>
    <message>
        <source>Latency p50 ms</source>
        <translation>延迟 p50 毫秒</translation>
    </message>
    <message>
        <source>Latency p99 ms</source>
        <translation>延迟 p99 毫秒</translation>
    </message>
    <message>
        <source>Server CPU µs/msg</source>
        <translation>服务器 CPU 微秒/消息</translation>
    </message>
    <message>
        <source>Open connections</source>
        <translation>打开的连接</translation>
    </message>
    <message>
        <source>MB/s at %1 clients</source>
        <translation>%1 个客户端时的 MB/s</translation>
    </message>
    <message>
        <source>Requests/s at %1 clients</source>
        <translation>%1 个客户端时的请求/秒</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>SSE</source>
        <translation>SSE</translation>
    </message>
    <message>
        <source>Long polls</source>
        <translation>长轮询</translation>
    </message>
    <message>
        <source>Short polls</source>
        <translation>短轮询</translation>
    </message>
</context>
<context>
    <name>Duplex::MainWindow</name>
    <message>
        <source>Duplex</source>
        <translation>Duplex</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主持</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>中继</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>实验室</translation>
    </message>
    <message>
        <source>%1, to you only</source>
        <translation>%1，只给你</translation>
    </message>
    <message>
        <source>%1 in the room</source>
        <translation>%1 在房间中</translation>
    </message>
    <message>
        <source>Chat (%1)</source>
        <translation>聊天（%1）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Capture…</source>
        <translation>打开抓包(&amp;O)…</translation>
    </message>
    <message>
        <source>Open Capture</source>
        <translation>打开抓包</translation>
    </message>
    <message>
        <source>Open a capture</source>
        <translation>打开一个抓包</translation>
    </message>
    <message>
        <source>Captures and HTTP Archives (*.jsonl *.har);;Duplex captures (*.jsonl);;HTTP Archives (*.har);;All files (*)</source>
        <translation>抓包和 HTTP 归档 (*.jsonl *.har);;Duplex 抓包 (*.jsonl);;HTTP 归档 (*.har);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open %1:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message>
        <source>&amp;Save Capture As…</source>
        <translation>抓包另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Export Visible Frames as CSV…</source>
        <translation>将可见帧导出为 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export the visible frames as CSV</source>
        <translation>将可见帧导出为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>HTTP Archives (*.har)</source>
        <translation>HTTP 归档 (*.har)</translation>
    </message>
    <message>
        <source>Back to &amp;Live Traffic</source>
        <translation>回到实时流量(&amp;L)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>&amp;Clear Monitor</source>
        <translation>清空监视器(&amp;C)</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Clear Monitor</source>
        <translation>清空监视器</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Room</source>
        <translation>房间(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Host or Stop</source>
        <translation>主持或停止(&amp;H)</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>&amp;Forget Chat History…</source>
        <translation>忘记聊天历史(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Find in Payloads</source>
        <translation>在载荷中查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Pause Live Traffic</source>
        <translation>暂停实时流量(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Holds the monitor still: live traffic waits, none lost (up to %L1 records), until resumed</source>
        <translation>让监视器保持静止：实时流量等待，不会丢失（最多 %L1 条记录），直到恢复</translation>
    </message>
    <message>
        <source>Monitor &amp;Memory…</source>
        <translation>监视器内存(&amp;M)…</translation>
    </message>
    <message>
        <source>Monitor Memory</source>
        <translation>监视器内存</translation>
    </message>
    <message>
        <source>Payloads the monitor keeps whole, in MiB; past this, the oldest are dropped first:</source>
        <translation>监视器完整保留的载荷，以 MiB 计；超过后最旧的先被丢弃：</translation>
    </message>
    <message>
        <source>Monitor: %1</source>
        <translation>监视器：%1</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Duplex</source>
        <translation>关于 Duplex(&amp;A)</translation>
    </message>
    <message>
        <source>About Duplex</source>
        <translation>关于 Duplex</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Duplex %1&lt;/h3&gt;&lt;p&gt;Host a WebSocket chat room, talk to any WebSocket server, and watch the handshake, every RFC 6455 frame and the heartbeat live.&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Duplex %1&lt;/h3&gt;&lt;p&gt;主持 WebSocket 聊天室，与任何 WebSocket 服务器对话，并实时观察握手、每个 RFC 6455 帧和心跳。&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>1 damaged part of %1 could not be read and was skipped: %2</source>
        <translation>%1 中有 1 个损坏的部分无法读取，已跳过：%2</translation>
    </message>
    <message>
        <source>1 damaged line of %1 could not be read and was skipped: %2</source>
        <translation>%1 中有 1 个损坏的行无法读取，已跳过：%2</translation>
    </message>
    <message>
        <source>%1 damaged parts of %2 could not be read and were skipped; the first: %3</source>
        <translation>%2 中有 %1 个损坏的部分无法读取，已跳过；第一个：%3</translation>
    </message>
    <message>
        <source>%1 damaged lines of %2 could not be read and were skipped; the first: %3</source>
        <translation>%2 中有 %1 个损坏的行无法读取，已跳过；第一个：%3</translation>
    </message>
    <message>
        <source>Duplex — %1</source>
        <translation>Duplex — %1</translation>
    </message>
    <message>
        <source>Save them first?</source>
        <translation>先保存它们吗？</translation>
    </message>
    <message>
        <source>1 record of live traffic arrived since the last save.</source>
        <translation>自上次保存以来到达了 1 条实时流量记录。</translation>
    </message>
    <message>
        <source>1 record of live traffic was never saved.</source>
        <translation>有 1 条实时流量记录从未保存。</translation>
    </message>
    <message>
        <source>%1 records of live traffic arrived since the last save.</source>
        <translation>自上次保存以来到达了 %1 条实时流量记录。</translation>
    </message>
    <message>
        <source>%1 records of live traffic were never saved.</source>
        <translation>有 %1 条实时流量记录从未保存。</translation>
    </message>
    <message>
        <source>Save the traffic as a capture</source>
        <translation>将流量保存为抓包</translation>
    </message>
    <message>
        <source>Duplex captures (*.jsonl)</source>
        <translation>Duplex 抓包 (*.jsonl)</translation>
    </message>
    <message>
        <source>Save Capture</source>
        <translation>保存抓包</translation>
    </message>
    <message>
        <source>Cannot save %1:
%2</source>
        <translation>无法保存 %1：
%2</translation>
    </message>
    <message>
        <source>the monitor no longer holds the connection</source>
        <translation>监视器已不再保留该连接</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>重放</translation>
    </message>
    <message>
        <source>This connection cannot be replayed: %1.</source>
        <translation>无法重放此连接：%1。</translation>
    </message>
    <message>
        <source>The monitor holds no message the server sent on this connection.</source>
        <translation>监视器中没有服务器在此连接上发送的消息。</translation>
    </message>
    <message>
        <source>The monitor no longer holds this connection.</source>
        <translation>监视器已不再保留此连接。</translation>
    </message>
    <message>
        <source>Stop the room first: it keeps its history open</source>
        <translation>请先停止房间：它正打开着历史文件</translation>
    </message>
    <message>
        <source>No chat history is kept on this computer.</source>
        <translation>本机没有保留聊天历史。</translation>
    </message>
    <message>
        <source>Forget Chat History</source>
        <translation>忘记聊天历史</translation>
    </message>
    <message>
        <source>The room&apos;s last messages, kept on this computer in %1, will be deleted, and the room will start empty next time. This cannot be undone.</source>
        <translation>房间最近的消息（保存在本机的 %1 中）将被删除，房间下次将从空白开始。此操作无法撤销。</translation>
    </message>
    <message>
        <source>&amp;Delete History</source>
        <translation>删除历史(&amp;D)</translation>
    </message>
    <message>
        <source>%1 could not be deleted; delete it yourself.</source>
        <translation>无法删除 %1；请自行删除。</translation>
    </message>
    <message>
        <source>The room&apos;s chat history is forgotten.</source>
        <translation>房间的聊天历史已被忘记。</translation>
    </message>
    <message>
        <source>Room: not hosting</source>
        <translation>房间：未在主持</translation>
    </message>
    <message>
        <source>1 member</source>
        <translation>1 位成员</translation>
    </message>
    <message>
        <source>%1 members</source>
        <translation>%1 位成员</translation>
    </message>
    <message>
        <source>Room: hosting on port %1 · %2 · %3 messages/s</source>
        <translation>房间：正在端口 %1 上主持 · %2 · %3 条消息/秒</translation>
    </message>
    <message>
        <source>Room: stopping</source>
        <translation>房间：正在停止</translation>
    </message>
    <message>
        <source>Frames: %1 shown of %2 · %3 dropped</source>
        <translation>帧：显示 %1 / 共 %2 · 已丢弃 %3</translation>
    </message>
    <message>
        <source> · 1 payload dropped (View ▸ Monitor Memory…)</source>
        <translation> · 1 个载荷已丢弃（视图 ▸ 监视器内存…）</translation>
    </message>
    <message>
        <source> · %1 payloads dropped (View ▸ Monitor Memory…)</source>
        <translation> · %1 个载荷已丢弃（视图 ▸ 监视器内存…）</translation>
    </message>
    <message>
        <source> · #%1: %2</source>
        <translation> · #%1：%2</translation>
    </message>
    <message>
        <source>Capture %1 · %2 · live traffic waits (File ▸ Back to Live Traffic)</source>
        <translation>抓包 %1 · %2 · 实时流量在等待（文件 ▸ 回到实时流量）</translation>
    </message>
    <message>
        <source>%1 · paused: live traffic waits (View ▸ Pause Live Traffic)</source>
        <translation>%1 · 已暂停：实时流量在等待（视图 ▸ 暂停实时流量）</translation>
    </message>
    <message>
        <source>1 member besides you will be disconnected (close code 1001, going away).</source>
        <translation>除你之外的 1 位成员将被断开（关闭码 1001，离开）。</translation>
    </message>
    <message>
        <source>%1 members besides you will be disconnected (close code 1001, going away).</source>
        <translation>除你之外的 %1 位成员将被断开（关闭码 1001，离开）。</translation>
    </message>
    <message>
        <source>Stop the Room</source>
        <translation>停止房间</translation>
    </message>
    <message>
        <source>&amp;Stop the Room</source>
        <translation>停止房间(&amp;S)</translation>
    </message>
    <message>
        <source>Quit Duplex</source>
        <translation>退出 Duplex</translation>
    </message>
    <message>
        <source>&amp;Save Traffic First…</source>
        <translation>先保存流量(&amp;S)…</translation>
    </message>
    <message>
        <source>Export Traffic as &amp;HAR (Sanitized)…</source>
        <translation>将流量导出为 &amp;HAR（已脱敏）…</translation>
    </message>
    <message>
        <source>Export the traffic as an HTTP Archive, without credentials</source>
        <translation>将流量导出为 HTTP 归档，不含凭据</translation>
    </message>
    <message>
        <source>Export Traffic as HAR with &amp;Sensitive Data…</source>
        <translation>将流量导出为含&amp;敏感数据的 HAR…</translation>
    </message>
    <message>
        <source>Export the traffic as an HTTP Archive, with passwords, tokens and cookies</source>
        <translation>将流量导出为 HTTP 归档，含密码、令牌和 Cookie</translation>
    </message>
</context>
<context>
    <name>Duplex::MemberListModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>no pings over %1</source>
        <translation>%1 内没有 ping</translation>
    </message>
    <message>
        <source>no ping yet</source>
        <translation>尚未 ping</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>传输方式</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Connected since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <source>Last RTT</source>
        <translation>最近 RTT</translation>
    </message>
</context>
<context>
    <name>Duplex::MonitorPanel</name>
    <message>
        <source>All connections</source>
        <translation>所有连接</translation>
    </message>
    <message>
        <source>&amp;Handshake</source>
        <translation>握手(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Frames</source>
        <translation>帧(&amp;F)</translation>
    </message>
    <message>
        <source>Heart&amp;beat</source>
        <translation>心跳(&amp;B)</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>连接：</translation>
    </message>
</context>
<context>
    <name>Duplex::PayloadView</name>
    <message>
        <source>JSON tree</source>
        <translation>JSON 树</translation>
    </message>
    <message>
        <source>JSON, indented</source>
        <translation>JSON，缩进</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Base64</source>
        <translation>Base64</translation>
    </message>
    <message>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Choose a frame to read its message.</source>
        <translation>选择一帧以阅读它的消息。</translation>
    </message>
    <message>
        <source>… the rest: JSON, indented or Raw</source>
        <translation>… 其余部分：见“JSON，缩进”或“原始”</translation>
    </message>
    <message>
        <source>Showing the first %1 bytes of %2: Copy Payload or Save Payload… has them all.</source>
        <translation>显示 %2 字节中的前 %1 字节：“复制载荷”或“保存载荷…”可得到全部。</translation>
    </message>
    <message>
        <source>%1, by %2</source>
        <translation>%1，依据 %2</translation>
    </message>
    <message>
        <source>: 1 field it does not name</source>
        <translation>：1 个字段未在其中命名</translation>
    </message>
    <message>
        <source>: %1 fields it does not name</source>
        <translation>：%1 个字段未在其中命名</translation>
    </message>
    <message>
        <source>Load a .proto…</source>
        <translation>加载 .proto…</translation>
    </message>
    <message>
        <source>Read by Field Numbers</source>
        <translation>按字段编号读取</translation>
    </message>
    <message>
        <source>The .proto&apos;s message type binary messages are read as</source>
        <translation>读取二进制消息所用的 .proto 消息类型</translation>
    </message>
    <message>
        <source>%1 did not read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Read binary messages by a .proto</source>
        <translation>依据 .proto 读取二进制消息</translation>
    </message>
    <message>
        <source>Protocol Buffers (*.proto);;All files (*)</source>
        <translation>Protocol Buffers (*.proto);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Load a .proto</source>
        <translation>加载 .proto</translation>
    </message>
    <message>
        <source>Cannot read %1:
%2</source>
        <translation>无法读取 %1：
%2</translation>
    </message>
    <message>
        <source>.proto…</source>
        <translation>.proto…</translation>
    </message>
</context>
<context>
    <name>Duplex::PollSession</name>
    <message>
        <source>the room answered %1</source>
        <translation>房间应答 %1</translation>
    </message>
    <message>
        <source>the room answered %1: %2</source>
        <translation>房间应答 %1：%2</translation>
    </message>
    <message>
        <source>A room&apos;s HTTP address is http:// or https://, such as http://127.0.0.1:8080/chat, not &quot;%1&quot;.</source>
        <translation>房间的 HTTP 地址是 http:// 或 https://，例如 http://127.0.0.1:8080/chat，而不是“%1”。</translation>
    </message>
    <message>
        <source>Not in the room yet: nothing can be sent.</source>
        <translation>尚未进入房间：无法发送任何内容。</translation>
    </message>
    <message>
        <source>The message was not sent: %1</source>
        <translation>消息没有发出：%1</translation>
    </message>
    <message>
        <source>the room&apos;s hello has no session</source>
        <translation>房间的 hello 中没有会话</translation>
    </message>
    <message>
        <source>The room no longer knows this session; joining again.</source>
        <translation>房间已不再认得这个会话；正在重新加入。</translation>
    </message>
    <message>
        <source>the room closed this session (kicked, or flooding)</source>
        <translation>房间关闭了这个会话（被踢出，或刷屏）</translation>
    </message>
    <message>
        <source>%1; trying again in %2 s</source>
        <translation>%1；%2 秒后重试</translation>
    </message>
</context>
<context>
    <name>Duplex::ProtocolGlossary</name>
    <message>
        <source>normal closure</source>
        <translation>正常关闭</translation>
    </message>
    <message>
        <source>going away (server shutting down or page left)</source>
        <translation>离开（服务器关闭或页面离开）</translation>
    </message>
    <message>
        <source>protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <source>unsupported data (a type the endpoint cannot accept)</source>
        <translation>不支持的数据（端点无法接受的类型）</translation>
    </message>
    <message>
        <source>no status code was present</source>
        <translation>没有状态码</translation>
    </message>
    <message>
        <source>closed abnormally, without a close frame</source>
        <translation>异常关闭，没有关闭帧</translation>
    </message>
    <message>
        <source>invalid payload data (text that is not UTF-8)</source>
        <translation>无效的载荷数据（不是 UTF-8 的文本）</translation>
    </message>
    <message>
        <source>policy violation</source>
        <translation>违反策略</translation>
    </message>
    <message>
        <source>message too big</source>
        <translation>消息太大</translation>
    </message>
    <message>
        <source>an extension the client needs was not negotiated</source>
        <translation>客户端需要的扩展没有协商</translation>
    </message>
    <message>
        <source>internal error: the server hit an unexpected condition</source>
        <translation>内部错误：服务器遇到了意外情况</translation>
    </message>
    <message>
        <source>service restart</source>
        <translation>服务重启</translation>
    </message>
    <message>
        <source>try again later</source>
        <translation>请稍后再试</translation>
    </message>
    <message>
        <source>bad gateway</source>
        <translation>网关错误</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS 握手失败</translation>
    </message>
    <message>
        <source>registered for libraries and frameworks</source>
        <translation>为库和框架注册</translation>
    </message>
    <message>
        <source>private use by the application</source>
        <translation>由应用私用</translation>
    </message>
    <message>
        <source>not a code a peer may send</source>
        <translation>不是对端可以发送的码</translation>
    </message>
    <message>
        <source>no close code</source>
        <translation>没有关闭码</translation>
    </message>
    <message>
        <source>, by the client</source>
        <translation>，由客户端</translation>
    </message>
    <message>
        <source>, by the server</source>
        <translation>，由服务器</translation>
    </message>
    <message>
        <source>, by Duplex&apos;s protocol guard</source>
        <translation>，由 Duplex 的协议守卫</translation>
    </message>
    <message>
        <source>, the TCP connection went away</source>
        <translation>，TCP 连接断开</translation>
    </message>
    <message>
        <source>, clean</source>
        <translation>，干净</translation>
    </message>
    <message>
        <source>, not clean</source>
        <translation>，不干净</translation>
    </message>
    <message>
        <source>The server the request is for (RFC 9110 §7.2).</source>
        <translation>请求所针对的服务器（RFC 9110 §7.2）。</translation>
    </message>
    <message>
        <source>Asks to switch this connection to another protocol; &quot;websocket&quot; for WebSocket (RFC 6455 §4.1).</source>
        <translation>请求把此连接切换到另一个协议；WebSocket 为 &quot;websocket&quot;（RFC 6455 §4.1）。</translation>
    </message>
    <message>
        <source>Must contain &quot;Upgrade&quot;: the switch applies to this connection only.</source>
        <translation>必须包含 &quot;Upgrade&quot;：切换只适用于此连接。</translation>
    </message>
    <message>
        <source>16 random bytes in base64, new for every handshake. The server proves it speaks WebSocket by answering with Sec-WebSocket-Accept computed from it (§4.1).</source>
        <translation>16 个随机字节的 base64，每次握手都是新的。服务器用由它算出的 Sec-WebSocket-Accept 应答，证明自己会说 WebSocket（§4.1）。</translation>
    </message>
    <message>
        <source>base64(SHA-1(key + &quot;258EAFA5-E914-47DA-95CA-C5AB0DC85B11&quot;)): proof that the server read this very request (§4.2.2).</source>
        <translation>base64(SHA-1(key + &quot;258EAFA5-E914-47DA-95CA-C5AB0DC85B11&quot;))：证明服务器读的正是这个请求（§4.2.2）。</translation>
    </message>
    <message>
        <source>The protocol version; 13 is RFC 6455. Any other gets a 426.</source>
        <translation>协议版本；13 即 RFC 6455。其他版本会得到 426。</translation>
    </message>
    <message>
        <source>Subprotocols: the client lists the ones it speaks, the server picks one (§1.9).</source>
        <translation>子协议：客户端列出它会说的，服务器选择一个（§1.9）。</translation>
    </message>
    <message>
        <source>Extensions such as permessage-deflate (RFC 7692): offered by the client, accepted by the server.</source>
        <translation>扩展，例如 permessage-deflate（RFC 7692）：由客户端提议，由服务器接受。</translation>
    </message>
    <message>
        <source>The page that opened the connection, sent by browsers; servers use it to refuse other sites (§10.2).</source>
        <translation>打开连接的页面，由浏览器发送；服务器用它拒绝其他网站（§10.2）。</translation>
    </message>
    <message>
        <source>The client program.</source>
        <translation>客户端程序。</translation>
    </message>
    <message>
        <source>The server program.</source>
        <translation>服务器程序。</translation>
    </message>
    <message>
        <source>Added by proxies on the way: the address of the client they forwarded the request for.</source>
        <translation>由途中的代理添加：它们为之转发请求的客户端的地址。</translation>
    </message>
    <message>
        <source>Credentials for the server (RFC 9110 §11.6.2).</source>
        <translation>给服务器的凭据（RFC 9110 §11.6.2）。</translation>
    </message>
    <message>
        <source>Cookies the browser holds for this site.</source>
        <translation>浏览器为此网站保存的 Cookie。</translation>
    </message>
    <message>
        <source>The media type of the body.</source>
        <translation>正文的媒体类型。</translation>
    </message>
    <message>
        <source>The size of the body in bytes.</source>
        <translation>正文的字节数。</translation>
    </message>
    <message>
        <source>How long to wait before trying again.</source>
        <translation>重试之前要等待多久。</translation>
    </message>
</context>
<context>
    <name>Duplex::ProxyField</name>
    <message>
        <source>none; or http://host:3128, socks5://user:password@host:1080</source>
        <translation>无；或 http://host:3128、socks5://user:password@host:1080</translation>
    </message>
    <message>
        <source>A proxy to tunnel through: HTTP (CONNECT) or SOCKS5. Remembered without its password.</source>
        <translation>用于隧道的代理：HTTP（CONNECT）或 SOCKS5。记住时不含密码。</translation>
    </message>
</context>
<context>
    <name>Duplex::RelayPanel</name>
    <message>
        <source>1 connection</source>
        <translation>1 个连接</translation>
    </message>
    <message>
        <source>%1 connections</source>
        <translation>%1 个连接</translation>
    </message>
    <message>
        <source>&amp;Intercept: hold, edit and send messages</source>
        <translation>拦截(&amp;I)：拦下、编辑并发送消息</translation>
    </message>
    <message>
        <source>&amp;Start Relay</source>
        <translation>启动中继(&amp;S)</translation>
    </message>
    <message>
        <source>Watch a WebSocket client and server that are not Duplex&apos;s: give the client the address below instead of its server&apos;s. Duplex carries each connection on to the server (making the TLS connection for wss:// itself) and shows its handshake and every frame in the monitor. Only programs on this computer can connect to it.</source>
        <translation>观察不属于 Duplex 的 WebSocket 客户端和服务器：把下面的地址给客户端，代替它的服务器地址。Duplex 把每个连接转接到服务器（wss:// 的 TLS 连接由它自己建立），并在监视器中显示握手和每一帧。只有本机上的程序可以连接它。</translation>
    </message>
    <message>
        <source>Where each connection goes on to. Each request keeps its own path; the one given here only completes the address shown for the client.</source>
        <translation>每个连接转往何处。每个请求保留自己的路径；这里给出的路径只用于补全显示给客户端的地址。</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>The relay then carries whole messages instead of bytes, so that they can be held and changed, and declines compression for it; the monitor shows the client&apos;s connection to the relay and the relay&apos;s to the server, each as it went.</source>
        <translation>这样中继转接的是整条消息而不是字节，以便拦下和修改它们，并为此拒绝压缩；监视器显示客户端到中继的连接和中继到服务器的连接，各按其实际情况。</translation>
    </message>
    <message>
        <source>shown once the relay runs</source>
        <translation>中继运行后显示</translation>
    </message>
    <message>
        <source>&amp;Upstream server:</source>
        <translation>上游服务器(&amp;U)：</translation>
    </message>
    <message>
        <source>Listen on &amp;port:</source>
        <translation>监听端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Relay&apos;s certificate:</source>
        <translation>中继的证书：</translation>
    </message>
    <message>
        <source>Upstream pro&amp;xy:</source>
        <translation>上游代理(&amp;X)：</translation>
    </message>
    <message>
        <source>Clients connect to:</source>
        <translation>客户端连接到：</translation>
    </message>
    <message>
        <source>Last refused: %1</source>
        <translation>最近一次拒绝：%1</translation>
    </message>
    <message>
        <source>%1 through the relay will end.</source>
        <translation>经过中继的 %1 将结束。</translation>
    </message>
    <message>
        <source>%1 through the relay will end, and %2 it holds with them.</source>
        <translation>经过中继的 %1 将结束，它拦下的 %2 也随之结束。</translation>
    </message>
    <message>
        <source>1 message</source>
        <translation>1 条消息</translation>
    </message>
    <message>
        <source>%1 messages</source>
        <translation>%1 条消息</translation>
    </message>
    <message>
        <source>Stop the Relay</source>
        <translation>停止中继</translation>
    </message>
    <message>
        <source>&amp;Stop the Relay</source>
        <translation>停止中继(&amp;S)</translation>
    </message>
    <message>
        <source>The relay did not start: %1.</source>
        <translation>中继没有启动：%1。</translation>
    </message>
    <message>
        <source>&amp;Stop Relay</source>
        <translation>停止中继(&amp;S)</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Relaying to %1: %2 now.</source>
        <translation>正在中继到 %1：现有 %2。</translation>
    </message>
    <message>
        <source>The certificate of %1 is trusted: the client&apos;s next connection goes through.</source>
        <translation>%1 的证书已受信任：客户端的下一个连接会通过。</translation>
    </message>
</context>
<context>
    <name>Duplex::Replay</name>
    <message>
        <source>the message sent</source>
        <translation>消息已发送</translation>
    </message>
    <message>
        <source>all %1 sent</source>
        <translation>全部 %1 已发送</translation>
    </message>
    <message>
        <source>stopped after %1</source>
        <translation>在 %1 之后停止</translation>
    </message>
    <message>
        <source>the connection did not open, so nothing was sent</source>
        <translation>连接没有打开，所以什么也没有发送</translation>
    </message>
    <message>
        <source>the connection ended after %1</source>
        <translation>连接在 %1 之后结束</translation>
    </message>
    <message>
        <source>message %1 could not be sent: %2</source>
        <translation>消息 %1 无法发送：%2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>Duplex::ReplayBar</name>
    <message>
        <source>Replay</source>
        <translation>重放</translation>
    </message>
    <message>
        <source>the server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Put the replay away</source>
        <translation>收起重放</translation>
    </message>
    <message>
        <source>%v of %m sent</source>
        <translation>已发送 %v / %m</translation>
    </message>
    <message>
        <source>each after %1&apos;s messages before it</source>
        <translation>每条等到 %1 在它之前的消息之后</translation>
    </message>
    <message>
        <source>with the recorded gaps</source>
        <translation>按录制时的间隔</translation>
    </message>
    <message>
        <source>one after another</source>
        <translation>一条接一条</translation>
    </message>
    <message>
        <source>Each message waits for as many messages from %1 as came before it when it was recorded (at most %2 s), or as long as it did, or for nothing</source>
        <translation>每条消息等待 %1 的消息，数量与录制时在它之前到达的相同（最多 %2 秒），或等待与录制时相同的时长，或不等待</translation>
    </message>
    <message>
        <source>%1 the client sent on %2</source>
        <translation>客户端在 %2 上发送的 %1</translation>
    </message>
    <message>
        <source>; %1 more no longer held by the monitor</source>
        <translation>；另有 %1 已不在监视器中</translation>
    </message>
    <message>
        <source>Stop Pl&amp;aying</source>
        <translation>停止播放(&amp;A)</translation>
    </message>
    <message>
        <source>Replaying %1, %2</source>
        <translation>正在重放 %1，%2</translation>
    </message>
    <message>
        <source>Replay: %1</source>
        <translation>重放：%1</translation>
    </message>
    <message>
        <source>Pl&amp;ay</source>
        <translation>播放(&amp;A)</translation>
    </message>
</context>
<context>
    <name>Duplex::ReplayPacer</name>
    <message>
        <source>1 message</source>
        <translation>1 条消息</translation>
    </message>
    <message>
        <source>%1 messages</source>
        <translation>%1 条消息</translation>
    </message>
    <message>
        <source>Message %1 went after %2 s with %3 of the %4 replies recorded before it</source>
        <translation>消息 %1 在 %2 秒后发出，此前收到了录制时在它之前的 %4 条回复中的 %3 条</translation>
    </message>
</context>
<context>
    <name>Duplex::RoomReplayBox</name>
    <message>
        <source>Replay</source>
        <translation>重放</translation>
    </message>
    <message>
        <source>the client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Stop &amp;Replaying</source>
        <translation>停止重放(&amp;R)</translation>
    </message>
    <message>
        <source>The room plays the server&apos;s side of %1. Play that of %2 instead? Clients connected to /replay now keep theirs.</source>
        <translation>房间正在播放 %1 的服务器一方。改为播放 %2 的吗？现在连接到 /replay 的客户端保留各自的播放。</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>%1 the server sent on %2, played to each client that connects</source>
        <translation>服务器在 %2 上发送的 %1，向每个连接的客户端播放</translation>
    </message>
    <message>
        <source>Stop playing the server&apos;s side of %1? /replay refuses the next clients; those connected keep theirs.</source>
        <translation>停止播放 %1 的服务器一方吗？/replay 会拒绝之后的客户端；已连接的保留各自的播放。</translation>
    </message>
    <message>
        <source>Host the room: it plays them at /replay.</source>
        <translation>主持房间：它会在 /replay 播放它们。</translation>
    </message>
    <message>
        <source>At %1</source>
        <translation>位于 %1</translation>
    </message>
</context>
<context>
    <name>Duplex::RpcCallsDialog</name>
    <message>
        <source>JSON-RPC Calls: %1</source>
        <translation>JSON-RPC 调用：%1</translation>
    </message>
    <message>
        <source>Sent (s)</source>
        <translation>发送（秒）</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>error %1: %2</source>
        <translation>错误 %1：%2</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>%1 calls · %2 answered, %3 of them with an error · %4 not answered</source>
        <translation>%1 次调用 · %2 次得到应答，其中 %3 次是错误 · %4 次未应答</translation>
    </message>
    <message>
        <source> · took %1 at the median, %2 at the 99th percentile</source>
        <translation> · 用时中位数 %1，第 99 百分位 %2</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
</context>
<context>
    <name>Duplex::SignalR</name>
    <message>
        <source> · id %1</source>
        <translation> · id %1</translation>
    </message>
    <message>
        <source> · error “%1”</source>
        <translation> · 错误“%1”</translation>
    </message>
    <message>
        <source>handshake: protocol %1, version %2</source>
        <translation>握手：协议 %1，版本 %2</translation>
    </message>
    <message>
        <source>handshake refused%1</source>
        <translation>握手被拒绝%1</translation>
    </message>
    <message>
        <source>handshake accepted</source>
        <translation>握手被接受</translation>
    </message>
    <message>
        <source>invocation “%1”%2</source>
        <translation>调用“%1”%2</translation>
    </message>
    <message>
        <source>invocation “%1”, no reply wanted</source>
        <translation>调用“%1”，不需要回复</translation>
    </message>
    <message>
        <source>stream item%1</source>
        <translation>流条目%1</translation>
    </message>
    <message>
        <source>completion%1%2</source>
        <translation>完成%1%2</translation>
    </message>
    <message>
        <source>stream invocation “%1”%2</source>
        <translation>流调用“%1”%2</translation>
    </message>
    <message>
        <source>cancel invocation%1</source>
        <translation>取消调用%1</translation>
    </message>
    <message>
        <source>ping</source>
        <translation>ping</translation>
    </message>
    <message>
        <source>close%1%2</source>
        <translation>关闭%1%2</translation>
    </message>
    <message>
        <source> · reconnect allowed</source>
        <translation> · 允许重新连接</translation>
    </message>
    <message>
        <source>ack · sequence %1</source>
        <translation>确认 · 序号 %1</translation>
    </message>
    <message>
        <source>sequence %1</source>
        <translation>序号 %1</translation>
    </message>
    <message>
        <source>SignalR %1</source>
        <translation>SignalR %1</translation>
    </message>
    <message>
        <source>SignalR, %1 records: %2</source>
        <translation>SignalR，%1 条记录：%2</translation>
    </message>
</context>
<context>
    <name>Duplex::SocketIo</name>
    <message>
        <source>Engine.IO %1</source>
        <translation>Engine.IO %1</translation>
    </message>
    <message>
        <source> (probe)</source>
        <translation>（探测）</translation>
    </message>
    <message>
        <source>Socket.IO %1</source>
        <translation>Socket.IO %1</translation>
    </message>
    <message>
        <source> “%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>namespace %1</source>
        <translation>命名空间 %1</translation>
    </message>
    <message>
        <source>ack %1</source>
        <translation>确认 %1</translation>
    </message>
    <message>
        <source>1 binary attachment follows</source>
        <translation>后面跟着 1 个二进制附件</translation>
    </message>
    <message>
        <source>%1 binary attachments follow</source>
        <translation>后面跟着 %1 个二进制附件</translation>
    </message>
</context>
<context>
    <name>Duplex::Stomp</name>
    <message>
        <source>STOMP %1</source>
        <translation>STOMP %1</translation>
    </message>
    <message>
        <source> “%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1-byte body</source>
        <translation>%1 字节的正文</translation>
    </message>
</context>
<context>
    <name>Duplex::TransferRow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Duplex::TransportLabPanel</name>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Clients of this transport; 0 leaves it out.</source>
        <translation>此传输方式的客户端数；0 表示不测它。</translation>
    </message>
    <message>
        <source> msg/s</source>
        <translation> 条/秒</translation>
    </message>
    <message>
        <source> B</source>
        <translation> B</translation>
    </message>
    <message>
        <source>The text of each message; the room&apos;s JSON around it adds about 100 bytes.</source>
        <translation>每条消息的文本；房间包在外面的 JSON 约增加 100 字节。</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>How long the sender posts messages to each transport&apos;s clients, one transport after the other.</source>
        <translation>发送者向每种传输方式的客户端发消息的时长，一种传输方式接一种。</translation>
    </message>
    <message>
        <source>Clients:</source>
        <translation>客户端：</translation>
    </message>
    <message>
        <source>Ra&amp;te:</source>
        <translation>速率(&amp;T)：</translation>
    </message>
    <message>
        <source>Message si&amp;ze:</source>
        <translation>消息大小(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Interval of short polls:</source>
        <translation>短轮询间隔(&amp;I)：</translation>
    </message>
    <message>
        <source>D&amp;uration per transport:</source>
        <translation>每种传输方式的时长(&amp;U)：</translation>
    </message>
    <message>
        <source>Bytes per delivered message, both ways</source>
        <translation>每条送达消息的字节数（双向）</translation>
    </message>
    <message>
        <source>Server CPU per delivered message</source>
        <translation>每条送达消息的服务器 CPU</translation>
    </message>
    <message>
        <source>Latency from sending to receipt (median of each second)</source>
        <translation>从发送到收到的延迟（每秒的中位数）</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>The same messages over each transport, one after the other, against a room of the lab&apos;s own on 127.0.0.1. Bytes are counted on a relay the lab&apos;s clients connect through; CPU is the network thread&apos;s, where the room runs. Its traffic shows in the monitor like any other.</source>
        <translation>相同的消息依次经过每种传输方式，发往实验室自己在 127.0.0.1 上的房间。字节数在实验室客户端所经过的中继上统计；CPU 是网络线程的，房间在那里运行。它的流量像其他流量一样显示在监视器中。</translation>
    </message>
    <message>
        <source>Press Start: about %1 s.</source>
        <translation>按“开始”：约 %1 秒。</translation>
    </message>
    <message>
        <source>Give at least one transport a client.</source>
        <translation>请至少给一种传输方式一个客户端。</translation>
    </message>
    <message>
        <source>The lab&apos;s room did not start: %1.</source>
        <translation>实验室的房间没有启动：%1。</translation>
    </message>
    <message>
        <source>Clients joining…</source>
        <translation>客户端正在加入…</translation>
    </message>
    <message>
        <source>Done: 1 transport measured.</source>
        <translation>完成：测量了 1 种传输方式。</translation>
    </message>
    <message>
        <source>Done: %1 transports measured.</source>
        <translation>完成：测量了 %1 种传输方式。</translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation>已结束：%1</translation>
    </message>
    <message>
        <source>Measuring %1: %2 of %3 messages delivered</source>
        <translation>正在测量 %1：%3 条消息中已送达 %2 条</translation>
    </message>
    <message>
        <source>HTTP headers</source>
        <translation>HTTP 头</translation>
    </message>
    <message>
        <source>framing</source>
        <translation>帧格式</translation>
    </message>
    <message>
        <source>payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>server CPU</source>
        <translation>服务器 CPU</translation>
    </message>
    <message>
        <source>µs</source>
        <translation>微秒</translation>
    </message>
    <message>
        <source>seconds into the window</source>
        <translation>窗口内的秒数</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Export the Lab&apos;s Results</source>
        <translation>导出实验室的结果</translation>
    </message>
    <message>
        <source>Markdown (*.md);;CSV (*.csv)</source>
        <translation>Markdown (*.md);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not export to %1: %2</source>
        <translation>无法导出到 %1：%2</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
</context>
<context>
    <name>HarFormat</name>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>it is not JSON: %1 at byte %2</source>
        <translation>它不是 JSON：第 %2 字节处 %1</translation>
    </message>
    <message>
        <source>it is not an HTTP Archive: it has no log.entries</source>
        <translation>它不是 HTTP 归档：它没有 log.entries</translation>
    </message>
    <message>
        <source>it is larger than %1 MiB, and a HAR is read whole</source>
        <translation>它大于 %1 MiB，而 HAR 要整个读入</translation>
    </message>
</context>
<context>
    <name>MessageWords</name>
    <message>
        <source>and %1 more</source>
        <translation>以及另外 %1 个</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Untrusted certificate</source>
        <translation>不受信任的证书</translation>
    </message>
    <message>
        <source>The certificate of %1 did not verify:
%2

Subject: %3
Issuer: %4
Valid from %5 to %6
SHA-256: %7

Trust this certificate for this server?</source>
        <translation>%1 的证书未通过验证：
%2

主体：%3
颁发者：%4
有效期：%5 至 %6
SHA-256：%7

对此服务器信任这个证书吗？</translation>
    </message>
    <message>
        <source>Trust &amp;once</source>
        <translation>信任一次(&amp;O)</translation>
    </message>
    <message>
        <source>Trust &amp;always</source>
        <translation>始终信任(&amp;A)</translation>
    </message>
</context>
<context>
    <name>TlsFileFields</name>
    <message>
        <source>Choose a PEM file</source>
        <translation>选择一个 PEM 文件</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>a client certificate, for servers that ask</source>
        <translation>客户端证书，用于要求证书的服务器</translation>
    </message>
    <message>
        <source>its private key</source>
        <translation>它的私钥</translation>
    </message>
    <message>
        <source>none beside the system&apos;s</source>
        <translation>除系统的之外没有</translation>
    </message>
    <message>
        <source>Trusted CA file:</source>
        <translation>受信任的 CA 文件：</translation>
    </message>
</context>
<context>
    <name>TypedLines</name>
    <message>
        <source>&quot;%1&quot; is not &quot;%2&quot;</source>
        <translation>“%1”不是“%2”</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
</context>
</TS>
