// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpclient.h"

#include <charconv>
#include <strings.h>

namespace Duplex::Load {

namespace {

constexpr std::size_t maxHeadBytes = 64 * 1024;

// The value of a header field in a response head (names compared without case), or nothing.
std::string_view fieldOf(std::string_view head, std::string_view name)
{
    for (std::size_t at = head.find("\r\n"); at != std::string_view::npos && at + 2 < head.size();) {
        const std::size_t start = at + 2;
        const std::size_t end = head.find("\r\n", start);
        const std::string_view line = head.substr(start, end - start);
        if (line.size() > name.size() && line[name.size()] == ':'
            && strncasecmp(line.data(), name.data(), name.size()) == 0) {
            std::string_view value = line.substr(name.size() + 1);
            value.remove_prefix(std::min(value.find_first_not_of(" \t"), value.size()));
            return value;
        }
        at = end;
    }
    return {};
}

bool mentions(std::string_view value, std::string_view word) // case-insensitive, as field values are read
{
    for (std::size_t at = 0; at + word.size() <= value.size(); ++at) {
        if (strncasecmp(value.data() + at, word.data(), word.size()) == 0)
            return true;
    }
    return false;
}

} // namespace

HttpClient::HttpClient(Loop &loop, const sockaddr_in &server, Handlers handlers)
    : Socket(loop, server)
    , m_handlers(std::move(handlers))
{ }

void HttpClient::request(std::string_view bytes)
{
    ++m_outstanding;
    send(bytes);
}

void HttpClient::received(std::string_view bytes)
{
    m_in.append(bytes);
    while (!isClosed() && (m_body == Body::Head ? takeHead() : takeBody())) { }
}

bool HttpClient::takeHead()
{
    const std::size_t end = m_in.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (m_in.size() > maxHeadBytes)
            fail("a response head over 64 KiB");
        return false;
    }
    m_head = m_in.substr(0, end + 2);
    m_in.erase(0, end + 4);
    m_headBytes += end + 4;
    if (!m_head.starts_with("HTTP/1.") || m_head.size() < 12
        || std::from_chars(m_head.data() + 9, m_head.data() + 12, m_status).ec != std::errc()) {
        fail("not an HTTP answer: " + m_head.substr(0, m_head.find('\r')));
        return false;
    }
    if (m_status < 200) // 100 Continue and the like: the answer is still to come
        return true;
    const bool chunked = mentions(fieldOf(m_head, "Transfer-Encoding"), "chunked");
    const std::string_view length = fieldOf(m_head, "Content-Length");
    m_stream = m_status == 200 && mentions(fieldOf(m_head, "Content-Type"), "text/event-stream");
    m_length = 0;
    if (m_status == 204 || m_status == 304)
        m_body = Body::Length;
    else if (chunked)
        m_body = Body::Chunked, m_chunks = {}, m_chunkedBody.clear();
    else if (!length.empty()
        && std::from_chars(length.data(), length.data() + length.size(), m_length).ec == std::errc())
        m_body = Body::Length;
    else
        m_body = Body::UntilClose;
    if (m_stream && m_handlers.answered)
        m_handlers.answered(*this, {m_status, m_head, {}, true});
    return true;
}

bool HttpClient::takeBody()
{
    switch (m_body) {
    case Body::Length:
        if (m_in.size() < m_length)
            return false;
        finish(std::string_view(m_in).substr(0, m_length));
        m_in.erase(0, m_length);
        return true;
    case Body::Chunked: {
        const QByteArray body = m_chunks.feed(QByteArrayView(m_in.data(), qsizetype(m_in.size())));
        if (m_chunks.state() == ChunkedDecoder::State::Failed) {
            fail("a broken chunked body: " + m_chunks.errorString().toStdString());
            return false;
        }
        m_in.erase(0, m_in.size() - std::size_t(m_chunks.unusedBytes()));
        if (m_stream && !body.isEmpty() && m_handlers.streamed)
            m_handlers.streamed(*this, std::string_view(body.data(), std::size_t(body.size())));
        else if (!m_stream)
            m_chunkedBody.append(body.data(), std::size_t(body.size()));
        if (m_chunks.state() != ChunkedDecoder::State::Done)
            return false;
        if (m_stream) {
            fail("the event stream ended");
            return false;
        }
        finish(m_chunkedBody);
        return true;
    }
    case Body::UntilClose:
        if (m_stream && !m_in.empty() && m_handlers.streamed)
            m_handlers.streamed(*this, m_in);
        if (m_stream)
            m_in.clear();
        return false; // the rest comes with the close
    case Body::Head:
        break;
    }
    return false;
}

void HttpClient::finish(std::string_view body)
{
    --m_outstanding;
    m_body = Body::Head;
    if (m_handlers.answered)
        m_handlers.answered(*this, {m_status, m_head, body, false});
}

void HttpClient::closed(const std::string &why)
{
    if (m_body == Body::UntilClose && !m_stream)
        finish(m_in);
    if (m_handlers.closed)
        m_handlers.closed(*this, why);
}

} // namespace Duplex::Load
