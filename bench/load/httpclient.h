// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client.h"
#include "wire/chunkeddecoder.h"

namespace Duplex::Load {

// One HTTP/1.1 connection kept alive. Requests go out as given, pipelined; answers come back in order. A whole
// answer goes to answered(); an event stream's head goes there too, then its body, dechunked, to streamed() piece by
// piece as it arrives.
class HttpClient : public Socket
{
public:
    struct Answer
    {
        int status = 0;
        std::string_view head;
        std::string_view body; // empty for an event stream, whose body is streamed
        bool stream = false;
    };
    struct Handlers
    {
        std::function<void(HttpClient &, const Answer &)> answered;
        std::function<void(HttpClient &, std::string_view body)> streamed;
        std::function<void(HttpClient &, const std::string &why)> closed;
    };

    HttpClient(Loop &loop, const sockaddr_in &server, Handlers handlers);

    void request(std::string_view bytes);
    int outstanding() const { return m_outstanding; } // requests not answered yet
    std::uint64_t headBytesReceived() const { return m_headBytes; }

private:
    enum class Body { Head, Length, Chunked, UntilClose }; // Head: between answers
    void connected() override { }
    void received(std::string_view bytes) override;
    void closed(const std::string &why) override;
    bool takeHead();
    bool takeBody();
    void finish(std::string_view body);

    Handlers m_handlers;
    std::string m_in; // bytes not yet part of a whole head or body
    int m_outstanding = 0;
    std::uint64_t m_headBytes = 0;
    // The answer being read.
    Body m_body = Body::Head;
    bool m_stream = false;
    int m_status = 0;
    std::string m_head;
    std::size_t m_length = 0;
    ChunkedDecoder m_chunks;
    std::string m_chunkedBody;
};

} // namespace Duplex::Load
