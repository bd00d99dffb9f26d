// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// duplex-load: drives a WebSocket or HTTP push server on loopback and prints one JSON line per run.
//
// Its flags and JSON fields are those of the Go load generator in ../shared/bench, so that its run.sh, compare.sh
// and report.py work with either generator; its HTTP modes (sse, long-poll, poll), which the Go generator lacks,
// follow the same conventions. Every mode is bounded in time and in connections and stops by itself.
#include <queue>

#include <arpa/inet.h>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "client.h"
#include "histogram.h"
#include "httpclient.h"
#include "procstats.h"

using namespace Duplex::Load;

namespace {

constexpr std::int64_t msNs = 1'000'000;
constexpr std::int64_t secondNs = 1'000 * msNs;
constexpr int maxConnections = 20'000;
constexpr std::int64_t maxDurationNs = 600 * secondNs;

struct Options
{
    std::string mode = "echo";
    std::string url = "ws://127.0.0.1:18080/";
    std::string addr = "127.0.0.1:18080"; // tcpecho
    int conns = 1;
    int size = 32;
    std::string type = "text";
    std::int64_t durationNs = 5 * secondNs;
    std::int64_t warmupNs = secondNs;
    double rate = 1000;
    std::int64_t drainNs = 2 * secondNs;
    pid_t pid = 0;
    std::string label, server;
    std::string api = "kit";            // HTTP modes: the kit's peers' endpoints, or Duplex's room
    std::int64_t intervalNs = secondNs; // between one subscriber's short polls
    int dialConcurrency = 32;
    std::int64_t dialTimeoutNs = 20 * secondNs;
    std::int64_t settleNs = secondNs;
};

// The JSON line: fields in the order they were set.
class Result
{
public:
    void set(const std::string &key, const std::string &text) { add(key, '"' + text + '"'); }
    void set(const std::string &key, const char *text) { set(key, std::string(text)); }
    void set(const std::string &key, bool value) { add(key, value ? "true" : "false"); }
    void set(const std::string &key, std::int64_t value) { add(key, std::to_string(value)); }
    void set(const std::string &key, int value) { set(key, std::int64_t(value)); }
    void set(const std::string &key, std::uint64_t value) { set(key, std::int64_t(value)); }
    void set(const std::string &key, double value)
    {
        char text[32];
        std::snprintf(text, sizeof text, "%.4g", std::isfinite(value) ? value : 0.0);
        add(key, text);
    }
    void print() const { std::printf("{%s}\n", m_fields.c_str()); }

private:
    void add(const std::string &key, const std::string &json)
    {
        m_fields += (m_fields.empty() ? "\"" : ",\"") + key + "\":" + json;
    }
    std::string m_fields;
};

std::optional<std::int64_t> durationNs(std::string_view text) // 5s, 250ms, 1.5s, 2m; a bare number is seconds
{
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || value < 0)
        return std::nullopt;
    const std::string_view unit(end, std::size_t(text.data() + text.size() - end));
    static const std::map<std::string_view, double> scale {
        {"", 1e9}, {"s", 1e9}, {"ms", 1e6}, {"us", 1e3}, {"µs", 1e3}, {"m", 60e9}};
    const auto it = scale.find(unit);
    if (it == scale.end() || value * it->second > double(maxDurationNs))
        return std::nullopt;
    return std::int64_t(value * it->second);
}

std::optional<Options> parse(int argc, char **argv, std::string &error)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string name = argv[i];
        std::string value;
        if (!name.starts_with('-'))
            return error = "unexpected argument " + name, std::nullopt;
        name.erase(0, name.find_first_not_of('-'));
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return error = "-" + name + " needs a value", std::nullopt;
        }
        const auto number = [&](auto &out, auto low, auto high) {
            const auto [end, e] = std::from_chars(value.data(), value.data() + value.size(), out);
            return e == std::errc() && end == value.data() + value.size() && out >= low && out <= high;
        };
        const auto duration = [&](std::int64_t &out) {
            const auto ns = durationNs(value);
            return ns && (out = *ns, true);
        };
        bool ok = true;
        if (name == "mode")
            o.mode = value;
        else if (name == "url")
            o.url = value;
        else if (name == "addr")
            o.addr = value;
        else if (name == "conns")
            ok = number(o.conns, 1, maxConnections);
        else if (name == "size")
            ok = number(o.size, 1, 64 << 20);
        else if (name == "type")
            ok = (o.type = value) == "text" || value == "binary" || value == "tcp"; // tcp: probe a raw port
        else if (name == "duration")
            ok = duration(o.durationNs);
        else if (name == "warmup")
            ok = duration(o.warmupNs);
        else if (name == "rate")
            ok = number(o.rate, 0.1, 1e6);
        else if (name == "drain")
            ok = duration(o.drainNs);
        else if (name == "pid")
            ok = number(o.pid, 0, 1 << 30);
        else if (name == "label")
            o.label = value;
        else if (name == "server")
            o.server = value;
        else if (name == "api")
            ok = (o.api = value) == "kit" || value == "duplex";
        else if (name == "interval")
            ok = duration(o.intervalNs) && o.intervalNs >= msNs;
        else if (name == "dial-concurrency")
            ok = number(o.dialConcurrency, 1, 1024);
        else if (name == "dial-timeout")
            ok = duration(o.dialTimeoutNs);
        else if (name == "settle")
            ok = duration(o.settleNs);
        else
            return error = "unknown flag -" + name, std::nullopt;
        if (!ok)
            return error = "invalid -" + name + " " + value, std::nullopt;
    }
    return o;
}

bool isHttpMode(const std::string &mode)
{
    return mode == "sse" || mode == "long-poll" || mode == "poll";
}

// Where to connect: only loopback addresses, as the benchmarks promise.
struct Target
{
    sockaddr_in address {};
    std::string host; // host:port for the Host header
    std::string path; // empty for raw TCP
};

std::optional<Target> targetOf(const Options &o, std::string &error)
{
    std::string hostPort = o.addr;
    Target target;
    if (o.mode != "tcpecho" && o.type != "tcp") {
        const std::string scheme = isHttpMode(o.mode) ? "http://" : "ws://";
        if (!o.url.starts_with(scheme))
            return error = "-mode " + o.mode + " needs -url " + scheme + "127.0.0.1:PORT/PATH", std::nullopt;
        const std::string rest = o.url.substr(scheme.size());
        const auto slash = rest.find('/');
        hostPort = rest.substr(0, slash);
        target.path = slash == std::string::npos ? "/" : rest.substr(slash);
    }
    const auto colon = hostPort.rfind(':');
    const std::string ip = hostPort.substr(0, colon == std::string::npos ? hostPort.size() : colon);
    const int port = colon == std::string::npos ? 80 : std::atoi(hostPort.c_str() + colon + 1);
    target.address.sin_family = AF_INET;
    target.address.sin_port = htons(std::uint16_t(port));
    if (inet_pton(AF_INET, ip.c_str(), &target.address.sin_addr) != 1
        || (ntohl(target.address.sin_addr.s_addr) >> 24) != 127 || port <= 0 || port > 65535)
        return error = "only loopback IPv4 targets (127.x.x.x:PORT): " + hostPort, std::nullopt;
    target.host = hostPort;
    return target;
}

void setCpu(Result &r, const CpuMeter &cpu, double messages, const char *perMessageKey)
{
    r.set("server_cpu_pct", cpu.serverCpuUs() >= 0 ? cpu.serverPct() : -1.0);
    r.set(perMessageKey, cpu.serverCpuUs() >= 0 && messages > 0 ? cpu.serverCpuUs() / messages : -1.0);
    r.set("loadgen_cpu_pct", cpu.loadgenPct());
    r.set("steal_pct", cpu.stealPct());
    r.set("other_cpu_pct", cpu.otherPct());
    r.set("irq_cpu_pct", cpu.irqPct());
}

void setLatency(Result &r, const Histogram &h)
{
    r.set("p50_us", h.percentileUs(0.5));
    r.set("p99_us", h.percentileUs(0.99));
    r.set("p999_us", h.percentileUs(0.999));
    r.set("max_us", h.maxUs());
    r.set("mean_us", h.meanUs());
}

std::string payloadOf(int size, bool text)
{
    std::string payload(std::size_t(size), '\0');
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = text ? char('a' + i % 26) : char(i * 31 + 7);
    return payload;
}

// N connections, each sending a message and waiting for its echo before the next: round trips and their latency.
int runEcho(const Options &o, const Target &target, Result &r)
{
    const bool raw = target.path.empty();
    const std::string payload = payloadOf(o.size, o.type == "text" && !raw);
    std::vector<std::string> requests; // one frame per connection, made once
    std::vector<std::size_t> received; // raw TCP: bytes of the current echo so far
    bool measuring = false;
    std::uint64_t messages = 0, mismatches = 0, connErrors = 0;
    Histogram latency;
    Loop loop;
    const auto sendRequest = [&](Client &client) {
        client.sentAtNs = nowNs();
        client.send(raw ? std::string_view(payload) : std::string_view(requests[client.index]));
    };
    const auto completed = [&](Client &client) {
        if (measuring) {
            latency.record(nowNs() - client.sentAtNs);
            ++messages;
        }
        sendRequest(client);
    };
    Client::Handlers handlers;
    handlers.message = [&](Client &client, std::string_view bytes) {
        if (raw) {
            received[client.index] += bytes.size();
            if (received[client.index] >= payload.size()) {
                received[client.index] = 0;
                completed(client);
            }
            return;
        }
        mismatches += bytes != payload;
        completed(client);
    };
    handlers.closed = [&](Client &, const std::string &) { ++connErrors; };

    raw ? r.set("addr", target.host) : r.set("url", o.url);
    r.set("conns", o.conns);
    r.set("size", o.size);
    r.set("type", raw ? "binary" : o.type.c_str());
    r.set("duration_s", double(o.durationNs) / 1e9);
    const std::uint8_t opcode = o.type == "text" ? 0x1 : 0x2;
    for (int i = 0; i < o.conns && !raw; ++i)
        requests.push_back(Client::frame(opcode, payload, 0x5a17c0de + std::uint32_t(i)));
    received.assign(std::size_t(o.conns), 0);
    Opened opened = openClients(
        loop, o.conns, o.dialConcurrency, o.dialTimeoutNs, target.address, target.host, target.path, handlers);
    r.set("connect_failed", opened.failed);
    if (opened.failed > 0) {
        r.set("error", std::to_string(opened.failed) + " connections failed: " + opened.firstError);
        return 1;
    }
    for (const auto &client : opened.clients)
        sendRequest(*client);
    loop.run(nowNs() + o.warmupNs);
    const std::int64_t rssStart = residentKiB(o.pid);
    CpuMeter cpu(o.pid);
    cpu.start();
    measuring = true;
    loop.run(nowNs() + o.durationNs);
    measuring = false;
    cpu.stop();
    r.set("msgs", messages);
    r.set("msgs_per_s", double(messages) / cpu.seconds());
    r.set("mib_per_s", double(messages) * double(o.size) / cpu.seconds() / (1 << 20));
    setLatency(r, latency);
    r.set("conn_errors", connErrors);
    r.set("mismatches", mismatches);
    setCpu(r, cpu, double(messages), "server_cpu_us_per_msg");
    r.set("server_rss_kb_start", rssStart);
    r.set("server_rss_kb_end", residentKiB(o.pid));
    return 0;
}

// Broadcast payload (text), as the Go generator writes it: kind, 16 hex digits of sequence, a space, 16 hex digits
// of send time (ns on this process's monotonic clock), then 'x' up to the size. Kind: p probe, w warm-up, m measured.
constexpr std::size_t broadcastHeader = 1 + 16 + 1 + 16;

std::string broadcastPayload(char kind, std::uint64_t sequence, std::int64_t sentNs, std::size_t size)
{
    char head[broadcastHeader + 1];
    std::snprintf(head, sizeof head, "%c%016llx %016llx", kind, static_cast<unsigned long long>(sequence),
        static_cast<unsigned long long>(sentNs));
    std::string payload(head, broadcastHeader);
    payload.resize(std::max(size, broadcastHeader), 'x');
    return payload;
}

struct Broadcast
{
    char kind;
    std::uint64_t sequence;
    std::int64_t sentNs;
};

// The broadcast whose header text starts with, if it does.
std::optional<Broadcast> broadcastAt(std::string_view text)
{
    if (text.size() < broadcastHeader || text[17] != ' ')
        return std::nullopt;
    Broadcast b {text[0], 0, 0};
    const auto hex = [&](std::size_t from, auto &out) {
        const auto [end, error] = std::from_chars(text.data() + from, text.data() + from + 16, out, 16);
        return error == std::errc() && end == text.data() + from + 16;
    };
    if (!hex(1, b.sequence) || !hex(18, b.sentNs))
        return std::nullopt;
    return b;
}

// Where relayed text starts in JSON, as Duplex's room and the kit's HTTP peers both write it.
constexpr std::string_view jsonText = "\"text\":\"";

// A WebSocket message: Duplex's /chat wraps what it relays in JSON ({"type":"message",…,"text":"…"}); other
// servers relay it as is.
std::optional<Broadcast> broadcastOf(std::string_view message)
{
    if (message.starts_with('{')) {
        const auto at = message.find(jsonText);
        if (at == std::string_view::npos)
            return std::nullopt; // a join, a hello: room business
        message.remove_prefix(at + jsonText.size());
    }
    return broadcastAt(message);
}

// Every broadcast in an HTTP body or a piece of event stream, in order: relayed text follows `"text":"` in JSON
// (poll answers, Duplex's events) or `data: ` in an event stream that relays it as is (the kit's peers).
template <typename Take> std::uint64_t forEachBroadcast(std::string_view text, const Take &take)
{
    constexpr std::string_view eventData = "data: ";
    std::uint64_t count = 0;
    std::size_t nextJson = text.find(jsonText), nextData = text.find(eventData);
    while (nextJson != std::string_view::npos || nextData != std::string_view::npos) {
        const bool json = nextJson < nextData;
        const std::size_t start = json ? nextJson + jsonText.size() : nextData + eventData.size();
        if (const auto b = broadcastAt(text.substr(start))) {
            take(*b);
            ++count;
        }
        (json ? nextJson : nextData) = text.find(json ? jsonText : eventData, start);
    }
    return count;
}

// What every fan-out run shares, over WebSocket or HTTP: the receivers' bookkeeping, the probe that shows every
// receiver is known to the server, the paced sender, the drain and the figures.
class FanOut
{
public:
    using Publish = std::function<void(const std::string &payload)>; // the sender sends one message

    FanOut(const Options &o, Result &r)
        : m_options(o)
        , m_result(r)
        , m_receivers(std::size_t(o.conns))
        , m_size(std::max(std::size_t(o.size), broadcastHeader))
    {
        r.set("url", o.url);
        r.set("receivers", o.conns);
        r.set("size", std::int64_t(m_size));
        r.set("rate", o.rate);
        r.set("duration_s", double(o.durationNs) / 1e9);
        m_rssBefore = residentKiB(o.pid);
    }

    // One message as receiver got it.
    void take(std::size_t receiver, const Broadcast &b)
    {
        Receiver &x = m_receivers[receiver];
        if (b.kind == 'p') {
            x.probed = true;
            return;
        }
        m_outOfOrder += std::int64_t(b.sequence) <= x.lastSequence;
        x.lastSequence = std::int64_t(b.sequence);
        m_inWindow += m_windowOpen;
        if (b.kind == 'm') {
            m_latency.record(nowNs() - b.sentNs);
            ++x.delivered;
        }
    }
    void notBroadcast() { ++m_bad; }
    void disconnected(const std::string &why)
    {
        if (m_finished)
            return;
        ++m_disconnects;
        if (m_firstDisconnect.empty())
            m_firstDisconnect = why;
    }
    bool windowOpen() const { return m_windowOpen; }
    std::uint64_t deliveredInWindow() const { return m_inWindow; }

    // Probes until every receiver has seen one (within the dial timeout), warms up, measures and drains, calling
    // tick at least every few milliseconds all along and windowEdge as the window opens and closes.
    void run(Loop &loop, const Publish &publish, const std::function<void()> &tick = {},
        const std::function<void(bool opening)> &windowEdge = {})
    {
        const Options &o = m_options;
        const auto send = [&](char kind) { publish(broadcastPayload(kind, m_sequence++, nowNs(), m_size)); };
        loop.run(nowNs() + o.dialTimeoutNs, 20 * msNs, [&] {
            if (tick)
                tick();
            if (std::all_of(m_receivers.cbegin(), m_receivers.cend(), [](const Receiver &x) { return x.probed; }))
                return loop.stop();
            send('p');
        });
        const auto notReady
            = std::count_if(m_receivers.cbegin(), m_receivers.cend(), [](const Receiver &x) { return !x.probed; });
        m_result.set("not_ready", std::int64_t(notReady));
        const std::int64_t rssReady = residentKiB(o.pid);

        // Paced open loop: every millisecond, whatever is due by now.
        const auto paced = [&](char kind, std::int64_t forNs) {
            const std::int64_t start = nowNs();
            std::uint64_t sent = 0;
            loop.run(start + forNs, msNs, [&] {
                if (tick)
                    tick();
                const std::int64_t now = nowNs();
                const auto due = std::uint64_t(o.rate * double(now - start) / 1e9);
                for (; sent < due; ++sent) {
                    if (kind == 'm')
                        m_senderLag.record(now - (start + std::int64_t(double(sent) * 1e9 / o.rate)));
                    send(kind);
                }
            });
            return sent;
        };
        paced('w', o.warmupNs);
        CpuMeter cpu(o.pid);
        cpu.start();
        m_windowOpen = true;
        if (windowEdge)
            windowEdge(true);
        const std::uint64_t sent = paced('m', o.durationNs);
        m_windowOpen = false;
        if (windowEdge)
            windowEdge(false);
        cpu.stop();
        const std::uint64_t expected = sent * std::uint64_t(o.conns);
        const std::int64_t drainStart = nowNs();
        loop.run(drainStart + o.drainNs, 10 * msNs, [&] {
            if (tick)
                tick();
            if (delivered() >= expected)
                loop.stop();
        });
        m_finished = true;

        Result &r = m_result;
        r.set("sent", sent);
        r.set("sent_per_s", double(sent) / cpu.seconds());
        r.set("expected_per_s", double(expected) / cpu.seconds());
        r.set("delivered_per_s", double(m_inWindow) / cpu.seconds());
        r.set("delivered_ratio", expected ? double(delivered()) / double(expected) : 0.0);
        r.set("drain_wait_ms", double(nowNs() - drainStart) / 1e6);
        setLatency(r, m_latency);
        r.set("sender_lag_p99_us", m_senderLag.percentileUs(0.99));
        r.set("sender_lag_max_us", m_senderLag.maxUs());
        r.set("disconnects", m_disconnects);
        if (!m_firstDisconnect.empty())
            r.set("first_disconnect", m_firstDisconnect);
        r.set("bad_msgs", m_bad);
        r.set("out_of_order", m_outOfOrder);
        setCpu(r, cpu, double(m_inWindow), "server_cpu_us_per_delivery");
        r.set("server_rss_kb_before", m_rssBefore);
        r.set("server_rss_kb_ready", rssReady);
        r.set("server_rss_kb_end", residentKiB(o.pid));
    }

private:
    struct Receiver
    {
        bool probed = false;
        std::int64_t lastSequence = -1;
        std::uint64_t delivered = 0; // measured ('m') messages
    };
    std::uint64_t delivered() const
    {
        std::uint64_t total = 0;
        for (const Receiver &x : m_receivers)
            total += x.delivered;
        return total;
    }

    const Options &m_options;
    Result &m_result;
    std::vector<Receiver> m_receivers;
    std::size_t m_size;
    std::int64_t m_rssBefore = 0;
    std::uint64_t m_sequence = 0;
    bool m_windowOpen = false, m_finished = false;
    std::uint64_t m_inWindow = 0, m_bad = 0, m_outOfOrder = 0, m_disconnects = 0;
    std::string m_firstDisconnect;
    Histogram m_latency, m_senderLag;
};

// N receivers and one sender at a steady rate over WebSocket: how many deliveries arrive, and how late.
int runBroadcast(const Options &o, const Target &target, Result &r)
{
    FanOut fanOut(o, r);
    Loop loop;
    Client::Handlers receiving;
    receiving.message = [&](Client &client, std::string_view message) {
        if (const auto b = broadcastOf(message))
            fanOut.take(client.index, *b);
        else if (!message.starts_with('{'))
            fanOut.notBroadcast();
    };
    receiving.closed = [&](Client &, const std::string &why) { fanOut.disconnected(why); };
    Opened opened = openClients(
        loop, o.conns, o.dialConcurrency, o.dialTimeoutNs, target.address, target.host, target.path, receiving);
    r.set("connect_failed", opened.failed);
    std::uint64_t senderEchoes = 0;
    Client::Handlers sending;
    sending.message = [&](Client &, std::string_view) { ++senderEchoes; };
    Opened sender = openClients(loop, 1, 1, o.dialTimeoutNs, target.address, target.host, target.path, sending);
    if (opened.failed > 0 || sender.failed > 0) {
        r.set("error",
            opened.failed ? std::to_string(opened.failed) + " receivers failed to connect: " + opened.firstError
                          : "sender: " + sender.firstError);
        return 1;
    }
    Client &out = *sender.clients.front();
    fanOut.run(loop, [&](const std::string &payload) { out.send(Client::frame(0x1, payload, 0x3c0ffee)); });
    r.set("sender_echoes", senderEchoes);
    return 0;
}

// What follows key in a JSON text: a number or a string's characters (the peers' JSON has no escapes there).
std::string_view jsonValue(std::string_view json, std::string_view key)
{
    const std::size_t at = json.find(key);
    if (at == std::string_view::npos)
        return {};
    json.remove_prefix(at + key.size());
    return json.substr(0, json.find_first_of(",}\""));
}

// N subscribers over SSE, long polls or short polls, and one sender POSTing at a steady rate: the figures of a
// WebSocket broadcast, and what the transport costs per delivery in requests and bytes. The kit's HTTP peers serve
// POST /send, GET /events, /poll?since=N and /state?since=N; Duplex's room wants a session first (POST /chat/join,
// or the event stream's own) and keeps each session's cursor itself, so its polls need no since.
int runHttpPush(const Options &o, const Target &target, Result &r)
{
    const bool duplex = o.api == "duplex";
    const bool sse = o.mode == "sse", longPoll = o.mode == "long-poll";
    const std::string prefix = target.path.ends_with('/') ? target.path : target.path + '/';
    const auto requestText
        = [&](std::string_view method, const std::string &path, const std::string &auth, std::string_view body = {}) {
              std::string text
                  = std::string(method) + ' ' + prefix + path + " HTTP/1.1\r\nHost: " + target.host + "\r\n" + auth;
              if (method == "POST")
                  text += "Content-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
              return text.append("\r\n").append(body);
          };
    const std::string joinPath = longPoll ? "join" : "join?transport=poll";
    const auto bearerOf = [](std::string_view hello) { // Duplex: the session a join's hello gives, as a header line
        return "Authorization: Bearer " + std::string(jsonValue(hello, "\"session\":\"")) + "\r\n";
    };

    struct Subscriber
    {
        std::unique_ptr<HttpClient> http;
        bool joined = false;
        std::string auth;        // Duplex: the Authorization line of the session
        std::string since = "0"; // the kit: the last id an answer carried
        bool greeted = false;    // the event stream's first event came
        std::string events;      // event stream bytes short of a whole line
    };
    std::vector<Subscriber> subscribers(std::size_t(o.conns));
    FanOut fanOut(o, r);
    Loop loop;
    std::uint64_t answers = 0, emptyAnswers = 0, carried = 0;
    std::string firstRefusal;
    // Short polls, due in order of time; each subscriber's first is spread over one interval.
    using Due = std::pair<std::int64_t, std::size_t>;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> duePolls;
    const auto poll = [&](Subscriber &s) {
        s.http->request(requestText(
            "GET", duplex ? std::string("poll") : (longPoll ? "poll?since=" : "state?since=") + s.since, s.auth));
    };
    const auto pollAgain = [&](std::size_t index, std::int64_t afterNs) { // at once when long polling
        if (longPoll)
            poll(subscribers[index]);
        else
            duePolls.emplace(nowNs() + afterNs, index);
    };
    HttpClient::Handlers handlers;
    handlers.answered = [&](HttpClient &http, const HttpClient::Answer &answer) {
        Subscriber &s = subscribers[http.index];
        if (answer.status != 200) {
            if (firstRefusal.empty())
                firstRefusal = std::to_string(answer.status) + " " + std::string(answer.body.substr(0, 200));
            http.close();
            return fanOut.disconnected("refused");
        }
        const bool firstAnswer = !std::exchange(s.joined, true);
        if (answer.stream)
            return;
        if (duplex && firstAnswer)
            s.auth = bearerOf(answer.body);
        if (!duplex)
            s.since = jsonValue(answer.body, "\"last\":");
        if (firstAnswer) // the join: what it holds came before the subscription
            return pollAgain(http.index, o.intervalNs * std::int64_t(http.index) / o.conns);
        const std::uint64_t count
            = forEachBroadcast(answer.body, [&](const Broadcast &b) { fanOut.take(http.index, b); });
        if (fanOut.windowOpen()) {
            ++answers;
            emptyAnswers += count == 0;
            carried += count;
        }
        pollAgain(http.index, o.intervalNs);
    };
    handlers.streamed = [&](HttpClient &http, std::string_view bytes) {
        Subscriber &s = subscribers[http.index];
        std::string &events = s.events;
        events.append(bytes);
        if (!s.greeted) { // the stream's first event greets: Duplex's hello holds the history before the subscription
            const std::size_t greeting = events.find("\n\n");
            if (greeting == std::string::npos)
                return;
            events.erase(0, greeting + 2);
            s.greeted = true;
        }
        const std::size_t end = events.rfind('\n');
        if (end == std::string::npos)
            return;
        forEachBroadcast(
            std::string_view(events).substr(0, end + 1), [&](const Broadcast &b) { fanOut.take(http.index, b); });
        events.erase(0, end + 1);
    };
    handlers.closed = [&](HttpClient &, const std::string &why) { fanOut.disconnected(why); };
    const auto pollsDue = [&] {
        for (const std::int64_t now = nowNs(); !duePolls.empty() && duePolls.top().first <= now; duePolls.pop())
            poll(subscribers[duePolls.top().second]);
    };

    // Subscribe, at most dial-concurrency at a time: an event stream is in once its head came, a poller once its
    // first answer did (Duplex's hello, or the kit's state with the last id).
    std::size_t started = 0;
    const auto joining = [&] {
        return std::count_if(subscribers.cbegin(), subscribers.cbegin() + std::ptrdiff_t(started),
            [](const Subscriber &s) { return !s.joined && !s.http->isClosed(); });
    };
    loop.run(nowNs() + o.dialTimeoutNs, msNs, [&] {
        for (auto free = o.dialConcurrency - joining(); free > 0 && started < subscribers.size(); --free) {
            Subscriber &s = subscribers[started];
            s.http = std::make_unique<HttpClient>(loop, target.address, handlers);
            s.http->index = started++;
            if (sse)
                s.http->request(requestText("GET", "events", {}));
            else if (duplex)
                s.http->request(requestText("POST", joinPath, {}));
            else
                s.http->request(requestText("GET", "state?since=0", {}));
        }
        pollsDue();
        if (started == subscribers.size() && joining() == 0)
            loop.stop();
    });
    const auto joined = std::count_if(
        subscribers.cbegin(), subscribers.cend(), [](const Subscriber &s) { return s.http && s.joined; });
    r.set("connect_failed", std::int64_t(o.conns - joined));
    if (joined < o.conns) {
        const auto closed = std::find_if(
            subscribers.cbegin(), subscribers.cend(), [](const Subscriber &s) { return s.http && s.http->isClosed(); });
        r.set("error",
            std::to_string(o.conns - joined) + " subscribers failed to join: "
                + (!firstRefusal.empty()               ? firstRefusal
                        : closed != subscribers.cend() ? closed->http->error()
                                                       : std::string("timed out")));
        return 1;
    }

    // The sender: Duplex's is a member that never polls (its queue outlasts a run of seconds).
    std::uint64_t sendRefusals = 0;
    std::string senderAuth;
    HttpClient::Handlers sending;
    sending.answered = [&](HttpClient &, const HttpClient::Answer &answer) {
        if (senderAuth.empty() && duplex && answer.status == 200)
            senderAuth = bearerOf(answer.body);
        else
            sendRefusals += answer.status >= 300;
    };
    HttpClient sender(loop, target.address, sending);
    if (duplex) {
        sender.request(requestText("POST", "join?transport=poll", {}));
        loop.run(nowNs() + o.dialTimeoutNs, msNs, [&] {
            if (sender.outstanding() == 0 || sender.isClosed())
                loop.stop();
        });
        if (senderAuth.empty())
            return r.set("error", "the sender could not join: " + sender.error()), 1;
    }

    struct Bytes
    {
        std::uint64_t in = 0, out = 0, headIn = 0; // what the subscribers' sockets carried
    };
    const auto bytesNow = [&] {
        Bytes b;
        for (const Subscriber &s : subscribers) {
            b.in += s.http->bytesReceived();
            b.out += s.http->bytesSent();
            b.headIn += s.http->headBytesReceived();
        }
        return b;
    };
    Bytes atOpen, atClose;
    const auto countBytes = [&](bool opening) { (opening ? atOpen : atClose) = bytesNow(); };
    fanOut.run(
        loop, [&](const std::string &payload) { sender.request(requestText("POST", "send", senderAuth, payload)); },
        pollsDue, countBytes);
    const double delivered = double(std::max<std::uint64_t>(fanOut.deliveredInWindow(), 1));
    r.set("api", o.api);
    r.set("interval_s", double(o.intervalNs) / 1e9);
    r.set("answers", answers);
    r.set("answers_per_delivery", double(answers) / delivered);
    r.set("empty_answers", emptyAnswers);
    r.set("msgs_per_answer", answers > emptyAnswers ? double(carried) / double(answers - emptyAnswers) : 0.0);
    r.set("bytes_in_per_delivery", double(atClose.in - atOpen.in) / delivered);
    r.set("head_bytes_in_per_delivery", double(atClose.headIn - atOpen.headIn) / delivered);
    r.set("bytes_out_per_delivery", double(atClose.out - atOpen.out) / delivered);
    r.set("send_refusals", sendRefusals);
    return 0;
}

// N idle connections: the server's memory per connection, before and after each has echoed one message.
int runIdle(const Options &o, const Target &target, Result &r)
{
    Loop loop;
    std::uint64_t echoes = 0;
    Client::Handlers handlers;
    handlers.message = [&](Client &, std::string_view) { ++echoes; };
    const std::string hello = Client::frame(0x1, "are you there?", 0x1d1e5eed);

    r.set("url", o.url);
    r.set("conns", o.conns);
    // One warm connection first: what the server allocates once for the first client is not per connection.
    Opened warm = openClients(loop, 1, 1, o.dialTimeoutNs, target.address, target.host, target.path, handlers);
    if (warm.failed > 0)
        return r.set("error", "warm-up connection: " + warm.firstError), 1;
    warm.clients.front()->send(hello);
    loop.run(nowNs() + secondNs, msNs, [&] {
        if (echoes == 1)
            loop.stop();
    });
    loop.run(nowNs() + o.settleNs);
    const std::int64_t before = residentKiB(o.pid);
    const std::int64_t connectStart = nowNs();
    Opened opened = openClients(
        loop, o.conns, o.dialConcurrency, o.dialTimeoutNs, target.address, target.host, target.path, handlers);
    const double connectSeconds = double(nowNs() - connectStart) / 1e9;
    r.set("connected", o.conns - opened.failed);
    r.set("connect_failed", opened.failed);
    r.set("connect_s", connectSeconds);
    r.set("connects_per_s", double(o.conns - opened.failed) / connectSeconds);
    if (opened.failed > 0)
        r.set("error", std::to_string(opened.failed) + " connections failed: " + opened.firstError);
    loop.run(nowNs() + o.settleNs);
    const std::int64_t idle = residentKiB(o.pid);
    const auto perConnection = [&](std::int64_t kib) { return double(kib - before) * 1024 / double(o.conns); };
    r.set("server_rss_kb_before", before);
    r.set("server_rss_kb_idle", idle);
    r.set("bytes_per_conn", perConnection(idle));

    echoes = 0;
    for (const auto &client : opened.clients)
        client->send(hello);
    loop.run(nowNs() + 5 * secondNs, msNs, [&] {
        if (echoes >= std::uint64_t(o.conns - opened.failed))
            loop.stop();
    });
    loop.run(nowNs() + o.settleNs / 2);
    const std::int64_t touched = residentKiB(o.pid);
    r.set("alive_after_touch", echoes);
    r.set("server_rss_kb_touched", touched);
    r.set("bytes_per_conn_touched", perConnection(touched));
    return opened.failed > 0;
}

// Waits (within -duration) until the server completes a handshake.
int runProbe(const Options &o, const Target &target, Result &r)
{
    const std::int64_t start = nowNs();
    const std::int64_t deadline = start + o.durationNs;
    std::string lastError;
    while (nowNs() < deadline) {
        Loop loop;
        Opened opened = openClients(loop, 1, 1, deadline - nowNs(), target.address, target.host, target.path, {});
        if (opened.failed == 0) {
            r.set("ok", true);
            r.set("wait_ms", double(nowNs() - start) / 1e6);
            return 0;
        }
        lastError = opened.firstError;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    r.set("ok", false);
    r.set("error", "server not ready: " + lastError);
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    std::string error;
    const auto options = parse(argc, argv, error);
    const auto target = options ? targetOf(*options, error) : std::nullopt;
    if (!target) {
        std::fprintf(stderr,
            "duplex-load: %s\nusage: duplex-load -mode echo|tcpecho|broadcast|idle|probe [-url ws://127.0.0.1:P/PATH] "
            "[-addr 127.0.0.1:P] [-conns N] [-size BYTES] [-type text|binary|tcp] [-duration 5s] [-warmup 1s] "
            "[-rate MSGS/S] [-drain 2s] [-pid SERVER_PID] [-label L] [-server NAME]\n"
            "       duplex-load -mode sse|long-poll|poll -url http://127.0.0.1:P/PATH [-api kit|duplex] [-interval 1s] "
            "[the same -conns … -server]\n",
            error.c_str());
        return 64;
    }
    Result result;
    const std::string &mode = options->mode;
    result.set("mode", mode);
    result.set("server", options->server);
    result.set("label", options->label);
    const int status = mode == "echo" || mode == "tcpecho" ? runEcho(*options, *target, result)
        : mode == "broadcast"                              ? runBroadcast(*options, *target, result)
        : isHttpMode(mode)                                 ? runHttpPush(*options, *target, result)
        : mode == "idle"                                   ? runIdle(*options, *target, result)
        : mode == "probe"                                  ? runProbe(*options, *target, result)
                          : (std::fprintf(stderr, "duplex-load: unknown -mode %s\n", mode.c_str()), 64);
    if (status != 64)
        result.print();
    return status;
}
