// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/chatclient.h"

#include <QFileInfo>
#include <QMimeDatabase>
#include <QSet>
#include <QUrlQuery>

#include "client/clientsession.h"
#include "room/chatprotocol.h"
#include "traffic/protocolglossary.h"
#include "traffic/trafficlog.h"

using namespace Qt::StringLiterals;

namespace Duplex {

namespace {

const QString passwordKey = u"password"_s; // of a room's link (#password=) and of a request that joins (?password=)

// When the room stamped something, or when it arrived if the room did not say.
QDateTime timeOr(const QDateTime &stamped)
{
    return stamped.isValid() ? stamped : QDateTime::currentDateTimeUtc();
}

// "ann", "ann and bob", "ann, bob and 7 others": members who came or went at once, for one line.
QString namesOf(const QStringList &nicks)
{
    constexpr qsizetype namedAtMost = 3;
    if (nicks.size() == 1)
        return nicks.first();
    if (nicks.size() <= namedAtMost)
        return ChatClient::tr("%1 and %2").arg(nicks.first(nicks.size() - 1).join(u", "_s), nicks.last());
    return ChatClient::tr("%1 and %2 others") // two at least: one would have been named
        .arg(nicks.first(namedAtMost - 1).join(u", "_s), QString::number(nicks.size() - (namedAtMost - 1)));
}

// "left", or "left; too slow: …" when members who went at once went for different reasons, each said once.
QString reasonsOf(const QStringList &reasons)
{
    constexpr qsizetype saidAtMost = 3;
    QStringList distinct;
    for (const QString &reason : reasons) {
        if (distinct.contains(reason))
            continue;
        if (distinct.size() == saidAtMost)
            return distinct.join(u"; "_s) + u"; …"_s;
        distinct.append(reason);
    }
    return distinct.join(u"; "_s);
}

constexpr qint64 pieceBytes = 64 << 10;     // a shared file's bytes go in pieces, well within any room's message limit
constexpr qint64 maxWaitingBytes = 1 << 20; // read from the file while no more than this waits to be written
// Whether an error's code is one that answers a file offer (docs/protocol.md), which then is no more.
bool refusesAFile(const QString &code)
{
    static constexpr QLatin1StringView codes[] = {"invalid-file"_L1, "file-too-large"_L1, "files-off"_L1,
        "file-needs-websocket"_L1, "upload-in-progress"_L1, "files-busy"_L1, "invalid-recipient"_L1};
    return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
}

// Where a room's file downloads: its url on the room's own host, over HTTP (or HTTPS for wss://); nothing when the
// url points elsewhere (a foreign server's message must not send the download anywhere it likes).
std::optional<QUrl> downloadUrl(const QUrl &room, const QString &url)
{
    QUrl base = room;
    base.setScheme(room.scheme() == "wss"_L1 ? u"https"_s : u"http"_s);
    const QUrl resolved = base.resolved(QUrl(url));
    if (resolved.scheme() != base.scheme() || resolved.host() != base.host() || resolved.port() != base.port())
        return std::nullopt;
    return resolved;
}

// A message as one short line, for a sentence about it.
QString shortLine(const QString &text)
{
    constexpr qsizetype shownAtMost = 80;
    const QString line = text.simplified();
    return line.size() <= shownAtMost ? line : line.first(shownAtMost - 1) + u'…';
}

} // namespace

ChatClient::ChatClient(QObject *parent, std::chrono::milliseconds helloTimeout)
    : QObject(parent)
    , m_log(new TrafficLog(0, this))
{
    m_helloTimer.setSingleShot(true);
    m_helloTimer.setInterval(helloTimeout);
    connect(&m_helloTimer, &QTimer::timeout, this, [this] {
        leaveForeignServer(tr("%1 sent no hello within %2 s of opening: it does not seem to be a Duplex room.")
                               .arg(m_room.toString(), QString::number(double(m_helloTimer.interval()) / 1000)));
    });
}

ChatClient::~ChatClient()
{
    if (m_session)
        m_session->disconnect(this);
}

std::optional<QUrl> ChatClient::roomUrl(const QString &typed)
{
    QString text = typed.trimmed();
    if (!text.contains("://"_L1))
        text.prepend("ws://"_L1);
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    if (const QString scheme = url.scheme(); scheme == "http"_L1 || scheme == "https"_L1) {
        const QUrlQuery link(url.fragment(QUrl::FullyEncoded)); // the page's own, which no server sees
        url.setScheme(scheme == "http"_L1 ? u"ws"_s : u"wss"_s);
        url = url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
        if (link.hasQueryItem(passwordKey))
            url.setQuery(QUrlQuery {{passwordKey, link.queryItemValue(passwordKey, QUrl::FullyEncoded)}});
    } else if (scheme != "ws"_L1 && scheme != "wss"_L1) {
        return std::nullopt;
    }
    if (url.path().isEmpty())
        url.setPath(u"/chat"_s);
    return url;
}

void ChatClient::join(const QUrl &url, const QString &nick, const QString &password)
{
    if (url != m_room) {
        m_lastMessageId = -1;
        m_greeted = false;
    }
    m_room = url;
    m_password = password;
    m_wantedNick = nick;
    if (m_session)
        m_session->disconnect(this);
    m_rejoining = false;
    // The session reconnects after a loss, not after a close for cause (ClientSession::worthRetrying).
    m_session = std::make_unique<ClientSession>(*m_log, m_trust);
    connect(m_session.get(), &ClientSession::textReceived, this, &ChatClient::onText);
    connect(m_session.get(), &ClientSession::closed, this, &ChatClient::onClosed);
    connect(m_session.get(), &ClientSession::reconnectScheduled, this,
        [this](int, std::chrono::milliseconds delay) { onRejoinScheduled(delay); });
    connect(m_session.get(), &ClientSession::bytesWritten, this, [this](qint64 bytes) {
        if (!m_sharing || !m_sharing->sending)
            return;
        m_sharing->sent = std::min(m_sharing->size, m_sharing->sent + bytes);
        reportSharing();
        sendPieces();
    });
    connect(m_session.get(), &ClientSession::binaryReceived, this, [this] {
        if (m_state == State::Joining) {
            leaveForeignServer(
                tr("%1 is not a Duplex room: its first message was binary, where a room sends its hello as text.")
                    .arg(m_room.toString()));
        }
    });
    connect(m_session.get(), &ClientSession::stateChanged, this, [this](ClientSession::State state) {
        if (state == ClientSession::State::Open && m_state == State::Joining)
            m_helloTimer.start();
        else if (state == ClientSession::State::Closed) // given up, or left
            onEnded();
    });
    m_helloTimer.stop();
    setState(State::Joining);
    QUrl withPassword = url;
    if (!password.isEmpty()) {
        QUrlQuery query(url);
        query.removeAllQueryItems(passwordKey);
        // Encoded whole: the room reads '+' as a space, as a form writes it.
        query.addQueryItem(passwordKey, QString::fromLatin1(QUrl::toPercentEncoding(password)));
        withPassword.setQuery(query);
    }
    if (QString why; !m_session->open({withPassword, {}, {}, {}}, &why)) {
        setState(State::Out);
        error(why);
    }
}

void ChatClient::leave()
{
    if (!m_session)
        return;
    m_helloTimer.stop();
    // Waiting to rejoin, there is no connection to close, and so no word from one.
    if (m_session->state() == ClientSession::State::Reconnecting)
        m_lastFailure = tr("left");
    setState(State::Out); // what the room still sends while the connection closes is not shown
    m_filesToShare.clear();
    m_sharing.reset();
    reportSharing();
    m_session->close(CloseCode::normal, tr("left"));
}

void ChatClient::send(const QString &text, const QString &to)
{
    if (m_state != State::In || text.isEmpty())
        return;
    QJsonObject message {{"type"_L1, "message"_L1}, {"text"_L1, text}};
    if (!to.isEmpty())
        message.insert("to"_L1, to);
    say(message);
}

void ChatClient::shareFile(const QString &path, const QString &to)
{
    m_filesToShare.append({path, to});
    offerNextFile();
}

void ChatClient::cancelSharing()
{
    if (!m_sharing || m_sharing->cancelled)
        return;
    if (m_sharing->sending && m_sharing->file->pos() == m_sharing->size)
        return note(tr("%1 had left whole already: the room shares it.").arg(m_sharing->name));
    note(tr("%1 was not shared: you cancelled it.").arg(m_sharing->name));
    if (m_sharing->sending)
        return giveUpUpload();
    m_sharing->cancelled = true; // the room answers the offer first; the next file waits for that
    reportSharing();
}

void ChatClient::offerNextFile()
{
    while (!m_sharing && !m_filesToShare.isEmpty() && m_state == State::In) {
        const FileToShare next = m_filesToShare.takeFirst();
        auto file = std::make_unique<QFile>(next.path);
        const QString name = QFileInfo(next.path).fileName();
        if (!file->open(QIODevice::ReadOnly)) {
            error(tr("%1 was not shared: %2").arg(name, file->errorString()));
            continue;
        }
        const qint64 size = file->size();
        if (size == 0) {
            error(tr("%1 was not shared: it is empty.").arg(name));
            continue;
        }
        QJsonObject offer {{"type"_L1, "file"_L1}, {"name"_L1, name}, {"size"_L1, size}};
        if (const QString mime = QMimeDatabase().mimeTypeForFile(next.path).name(); ChatProtocol::isMediaType(mime))
            offer.insert("mime"_L1, mime);
        if (!next.to.isEmpty())
            offer.insert("to"_L1, next.to);
        m_sharing = Sharing {std::move(file), name, size};
        say(offer);
    }
    reportSharing(); // the others wait their turn, or for the room
}

void ChatClient::sendPieces()
{
    while (m_sharing && m_sharing->sending && m_sharing->file->pos() < m_sharing->size
        && m_session->bytesToWrite() <= maxWaitingBytes) {
        const QByteArray piece = m_sharing->file->read(std::min(pieceBytes, m_sharing->size - m_sharing->file->pos()));
        if (piece.isEmpty()) {
            error(tr("%1 was not shared: it could not be read to its end (%2).")
                      .arg(m_sharing->name, m_sharing->file->errorString()));
            return giveUpUpload();
        }
        m_session->sendBinary(piece);
    }
}

void ChatClient::finishSharing()
{
    m_sharing.reset();
    offerNextFile();
}

void ChatClient::giveUpUpload()
{
    say({{"type"_L1, "cancel-upload"_L1}});
    finishSharing();
}

void ChatClient::reportSharing()
{
    const bool shown = m_sharing && !m_sharing->cancelled;
    Q_EMIT sharingChanged(shown ? m_sharing->name : QString(), shown ? m_sharing->sent : 0, shown ? m_sharing->size : 0,
        int(m_filesToShare.size()));
}

void ChatClient::say(const QJsonObject &request)
{
    m_session->sendText(QString::fromUtf8(ChatProtocol::encode(request)));
}

void ChatClient::note(const QString &text)
{
    Q_EMIT eventReceived({ChatEvent::Kind::Note, QDateTime::currentDateTimeUtc(), {}, text, {}});
}

void ChatClient::error(const QString &text)
{
    Q_EMIT eventReceived({ChatEvent::Kind::Error, QDateTime::currentDateTimeUtc(), {}, text, {}});
}

void ChatClient::setNick(const QString &nick)
{
    if (m_state == State::In && nick != m_nick)
        say({{"type"_L1, "nick"_L1}, {"nick"_L1, nick}});
}

void ChatClient::onText(const QString &frame)
{
    using namespace ChatProtocol;
    if (m_state == State::Out)
        return;
    const RoomNews news = readNews(frame.toUtf8());
    if (m_state == State::Joining && !std::holds_alternative<News::Hello>(news)) {
        return leaveForeignServer(tr("%1 is not a Duplex room: its first message was not a hello but “%2”.")
                                      .arg(m_room.toString(), shortLine(frame)));
    }
    if (const auto *hello = std::get_if<News::Hello>(&news)) {
        m_helloTimer.stop();
        m_nick = hello->you;
        Q_EMIT nickChanged(m_nick);
        setUsers(hello->users);
        // What was said before this member first came is no news; what a rejoin missed is.
        const auto kind = m_greeted ? ChatEvent::Kind::Message : ChatEvent::Kind::Earlier;
        for (const Message &message : hello->history)
            onMessage(message, kind);
        m_greeted = true;
        setState(State::In);
        m_rejoining = false;
        if (!m_wantedNick.isEmpty())
            setNick(std::exchange(m_wantedNick, {}));
        offerNextFile(); // those chosen while the room was away
    } else if (const auto *message = std::get_if<Message>(&news)) {
        onMessage(*message);
    } else if (const auto *joined = std::get_if<News::Joined>(&news)) {
        // One member, or several who joined at once; the members hello named already are known, not new.
        QStringList newcomers;
        QSet<QString> known(m_users.cbegin(), m_users.cend()); // not a search of the list for each of a thousand
        for (const QString &nick : joined->nicks) {
            if (!known.contains(nick)) {
                known.insert(nick);
                newcomers.append(nick);
            }
        }
        if (newcomers.isEmpty())
            return;
        setUsers(m_users + newcomers);
        Q_EMIT eventReceived({ChatEvent::Kind::Joined, timeOr(joined->time), namesOf(newcomers), {}, {}});
    } else if (const auto *left = std::get_if<News::Left>(&news)) {
        // One member, or several who left at once; a member gone before this one's hello was never known, and its
        // going is no news.
        QSet<QString> here(m_users.cbegin(), m_users.cend());
        QStringList gone;
        QStringList reasons;
        for (const Departure &departure : left->departures) {
            if (here.remove(departure.nick)) {
                gone.append(departure.nick);
                reasons.append(departure.reason);
            }
        }
        if (gone.isEmpty())
            return;
        QStringList users = m_users;
        users.removeIf([&here](const QString &nick) { return !here.contains(nick); });
        setUsers(users);
        Q_EMIT eventReceived({ChatEvent::Kind::Left, timeOr(left->time), namesOf(gone), reasonsOf(reasons), {}});
    } else if (const auto *renamed = std::get_if<News::Renamed>(&news)) {
        QStringList users = m_users;
        if (const qsizetype at = users.indexOf(renamed->from); at >= 0)
            users[at] = renamed->to;
        setUsers(users);
        if (renamed->from == m_nick) {
            m_nick = renamed->to;
            Q_EMIT nickChanged(m_nick);
        }
        Q_EMIT eventReceived(
            {ChatEvent::Kind::Renamed, QDateTime::currentDateTimeUtc(), renamed->from, renamed->to, {}});
    } else if (const auto *users = std::get_if<News::Users>(&news)) {
        setUsers(users->users);
    } else if (const auto *refusal = std::get_if<News::Error>(&news)) {
        const bool answersAnOffer = m_sharing && !m_sharing->sending && refusesAFile(refusal->code);
        if (!answersAnOffer || !m_sharing->cancelled) // why a file given up was refused is no news
            error(refusal->text);
        if (refusal->code == "nick-taken"_L1 || refusal->code == "invalid-nick"_L1) // the nickname stays what it was
            Q_EMIT nickChanged(m_nick);
        if (answersAnOffer)
            finishSharing();
    } else if (std::holds_alternative<News::Upload>(news) && m_sharing && !m_sharing->sending) {
        if (m_sharing->cancelled)
            return giveUpUpload();
        m_sharing->sending = true;
        sendPieces();
    }
}

void ChatClient::onMessage(const ChatProtocol::Message &message, ChatEvent::Kind kind)
{
    if (message.id >= 0 && message.id <= m_lastMessageId)
        return; // shown when this member was here before
    m_lastMessageId = std::max(m_lastMessageId, message.id);
    ChatEvent event {kind, timeOr(message.time), message.from, message.text, message.to};
    if (message.file) {
        if (const auto url = downloadUrl(m_room, message.file->url)) {
            event.file = message.file;
            event.file->url = url->toString();
        }
    }
    Q_EMIT eventReceived(event);
    // All of the file being shared is in: the next may be offered.
    if (message.file && m_sharing && m_sharing->sending && message.from == m_nick
        && message.file->name == m_sharing->name)
        finishSharing();
}

void ChatClient::leaveForeignServer(const QString &why)
{
    m_helloTimer.stop();
    m_session->disconnect(this); // how the connection then closes is no news: why says it all
    m_session->close(CloseCode::policyViolation, u"not a Duplex room"_s);
    setState(State::Out);
    setUsers({});
    error(why);
}

void ChatClient::onClosed(const ConnectionClosed &closed, const QString &failure)
{
    QString why = QString::fromUtf8(closed.reason);
    if (why.isEmpty())
        why = failure.isEmpty() ? ProtocolGlossary::closeCodeMeaning(closed.code.value_or(CloseCode::abnormal))
                                : failure;
    m_helloTimer.stop();
    if (m_state == State::In && !m_nick.isEmpty())
        m_wantedNick = m_nick; // a rejoin is greeted as a guest: ask for the name again
    if (m_sharing && !m_sharing->cancelled)
        error(tr("%1 was not shared: the connection ended.").arg(m_sharing->name));
    m_sharing.reset(); // the rest wait for the room's hello again
    reportSharing();
    setUsers({});
    m_lastFailure = why; // said with what the session does next: rejoin, or give up
}

void ChatClient::onRejoinScheduled(std::chrono::milliseconds delay)
{
    const QString in = QString::number(double(delay.count()) / 1000, 'f', 1);
    const QString line = m_rejoining ? tr("Could not rejoin (%1); trying again in %2 s…").arg(m_lastFailure, in)
                                     : tr("Lost the room (%1); rejoining in %2 s…").arg(m_lastFailure, in);
    m_rejoining = true;
    setState(State::Joining);
    Q_EMIT eventReceived({ChatEvent::Kind::Rejoining, QDateTime::currentDateTimeUtc(), m_nick, line, {}});
}

void ChatClient::onEnded()
{
    m_helloTimer.stop();
    m_rejoining = false;
    setState(State::Out);
    if (m_session->credentialsRefused()) // a room's answer when it has a password and did not get it
        return Q_EMIT passwordNeeded(m_room, !m_password.isEmpty() || QUrlQuery(m_room).hasQueryItem(passwordKey));
    Q_EMIT eventReceived({ChatEvent::Kind::Disconnected, QDateTime::currentDateTimeUtc(), m_nick, m_lastFailure, {}});
}

void ChatClient::setUsers(QStringList users)
{
    users.removeDuplicates(); // a Duplex room's nicknames are unique, but a foreign room may name a member twice
    if (users == m_users)
        return;
    m_users = std::move(users);
    Q_EMIT usersChanged(m_users);
}

void ChatClient::setState(State state)
{
    if (std::exchange(m_state, state) != state)
        Q_EMIT stateChanged(state);
}

} // namespace Duplex
