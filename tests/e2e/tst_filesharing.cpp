// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Members share files (docs/protocol.md, Files): offered over /chat, uploaded as binary frames, fetched by curl from
// the URL the room announces.
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

#include "support/eventwait.h"
#include "support/jsonclient.h"
#include "support/rawpeers.h"
#include "support/testserver.h"
#include "wire/httphead.h"
#include "wire/websocketframe.h"

using namespace Duplex;
using Test::JsonClient;
using namespace Qt::StringLiterals;

namespace {

QJsonObject offer(const QString &name, qint64 size, const QString &mime = u"application/pdf"_s, const QString &to = {})
{
    QJsonObject object {{u"type"_s, u"file"_s}, {u"name"_s, name}, {u"size"_s, size}, {u"mime"_s, mime}};
    if (!to.isEmpty())
        object.insert(u"to"_s, to);
    return object;
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

// Sends bytes as binary messages of at most piece bytes each.
void sendInPieces(JsonClient &member, const QByteArray &bytes, qsizetype piece = 64 << 10)
{
    for (qsizetype at = 0; at < bytes.size(); at += piece)
        member.socket.sendBinaryMessage(bytes.sliced(at, std::min(piece, bytes.size() - at)));
}

// Offers bytes as a file and sends them once the room says upload: the room's message about it, to everyone.
std::optional<QJsonObject> share(JsonClient &member, const QJsonObject &offered, const QByteArray &bytes)
{
    member.sendJson(offered);
    std::optional<QJsonObject> answer;
    const QStringList presence {u"join"_s, u"joins"_s, u"leave"_s, u"leaves"_s};
    do // past others' comings and goings
        answer = member.next();
    while (answer && presence.contains(answer->value(u"type").toString()));
    if (!answer || answer->value(u"type").toString() != u"upload") {
        qWarning("no upload answer: %s", answer ? QJsonDocument(*answer).toJson().constData() : "silence");
        return std::nullopt;
    }
    sendInPieces(member, bytes);
    return member.nextOfType(u"message");
}

// curl's GET (or HEAD, with -I) of a URL on the server: the response's head and body, or nothing if curl failed.
struct Fetched
{
    QByteArray head;
    QByteArray body;
};
std::optional<Fetched> curl(const Server &server, const QString &path, const QStringList &options = {})
{
    QProcess curl;
    QByteArray out;
    QObject::connect(&curl, &QProcess::readyReadStandardOutput, &curl, [&] { out += curl.readAllStandardOutput(); });
    const bool ended = Test::runToEnd(curl, u"curl"_s,
        QStringList {u"-sS"_s, u"-i"_s, u"--max-time"_s, u"20"_s} + options
            + QStringList {u"http://127.0.0.1:%1%2"_s.arg(server.port()).arg(path)});
    if (!ended || curl.exitCode() != 0) {
        qWarning("curl: %s", curl.readAllStandardError().constData());
        return std::nullopt;
    }
    out += curl.readAllStandardOutput();
    const qsizetype headLength = HttpHead::headLength(out);
    return Fetched {out.first(headLength), out.sliced(headLength)};
}

ServerConfig withFiles(qint64 maxFileBytes, qint64 fileBudget)
{
    ServerConfig config = Test::loopbackConfig();
    config.maxFileBytes = maxFileBytes;
    config.fileBudget = fileBudget;
    return config;
}

} // namespace

class tst_FileSharing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Everyone hears of the file, with an address that serves its bytes as a download under its name; a member
    // who comes later finds it in the history.
    void aFileReachesEveryMember()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QUrl url = Test::webSocketUrl(*server, u"/chat");
        JsonClient ann, bob;
        QVERIFY(ann.join(url));
        QVERIFY(bob.join(url));
        const QString name = u"plan – été \"final\".pdf"_s;
        const QByteArray bytes = randomBytes(200'000);

        ann.sendJson(offer(name, bytes.size()));
        const auto upload = ann.nextOfType(u"upload");
        QVERIFY(upload);
        const QJsonObject offered {{u"name"_s, name}, {u"size"_s, bytes.size()}, {u"mime"_s, u"application/pdf"_s}};
        QCOMPARE(upload->value(u"file").toObject(), offered);
        sendInPieces(ann, bytes);
        for (JsonClient *member : {&ann, &bob}) {
            const auto shared = member->nextOfType(u"message");
            QVERIFY(shared);
            QCOMPARE(shared->value(u"from").toString(), u"guest-1");
            QCOMPARE(shared->value(u"text").toString(), QString());
            const QJsonObject file = shared->value(u"file").toObject();
            QCOMPARE(file.value(u"name").toString(), name);
            QCOMPARE(file.value(u"size").toInteger(), bytes.size());
            QCOMPARE(file.value(u"mime").toString(), u"application/pdf");
            QVERIFY2(QRegularExpression(uR"(^/files/[0-9a-f]{32}$)"_s).match(file.value(u"url").toString()).hasMatch(),
                qPrintable(file.value(u"url").toString()));
        }

        JsonClient cy;
        const auto hello = cy.join(url);
        QVERIFY(hello);
        const QJsonObject file = hello->value(u"history").toArray().last().toObject().value(u"file").toObject();
        const QString path = file.value(u"url").toString();
        QCOMPARE(file.value(u"name").toString(), name);

        const auto fetched = curl(*server, path);
        QVERIFY(fetched);
        QVERIFY2(fetched->head.startsWith("HTTP/1.1 200 OK\r\n"), fetched->head.constData());
        QVERIFY(fetched->body == bytes);
        const auto head = HttpHead::parseResponse(fetched->head);
        QVERIFY(head);
        QCOMPARE(head->value("Content-Type"), "application/pdf");
        QCOMPARE(head->value("Content-Disposition"),
            "attachment; filename=\"plan _ _t_ _final_.pdf\"; filename*=UTF-8''plan%20%E2%80%93%20%C3%A9t%C3%A9%20%22"
            "final%22.pdf");
        QCOMPARE(head->value("X-Content-Type-Options"), "nosniff");
        QCOMPARE(head->value("Content-Security-Policy"), "sandbox; default-src 'none'");

        const auto headOnly = curl(*server, path, {u"-I"_s});
        QVERIFY(headOnly);
        QCOMPARE(HttpHead::parseResponse(headOnly->head)->value("Content-Length"), QByteArray::number(bytes.size()));
        QVERIFY(headOnly->body.isEmpty());

        const auto unknown = curl(*server, u"/files/0123456789abcdef0123456789abcdef"_s);
        QVERIFY(unknown);
        QVERIFY2(unknown->head.startsWith("HTTP/1.1 404"), unknown->head.constData());
        QVERIFY2(unknown->body.contains("does not hold this file"), unknown->body.constData());
    }

    // With "to", the recipient and the author hear of the file, nobody else.
    void aPrivateFileReachesItsRecipientOnly()
    {
        const auto server = Test::startServer();
        QVERIFY(server);
        const QUrl url = Test::webSocketUrl(*server, u"/chat");
        JsonClient ann, bob, cy;
        for (JsonClient *member : {&ann, &bob, &cy})
            QVERIFY(member->join(url));
        const auto shared = share(ann, offer(u"note.txt"_s, 5, u"text/plain"_s, u"GUEST-2"_s), "hello");
        QVERIFY(shared);
        QCOMPARE(shared->value(u"to").toString(), u"guest-2");
        const auto received = bob.nextOfType(u"message");
        QVERIFY(received);
        QCOMPARE(received->value(u"file"), shared->value(u"file"));
        ann.sendJson({{u"type"_s, u"message"_s}, {u"text"_s, u"to all"_s}});
        QCOMPARE(cy.nextOfType(u"message")->value(u"text").toString(), u"to all"); // the file never came before it
        QCOMPARE(curl(*server, shared->value(u"file").toObject().value(u"url").toString())->body, "hello");
    }

    // An offer the room cannot take gets an error that says why, and the member stays.
    void refusesWhatItCannotTake_data()
    {
        QTest::addColumn<QJsonObject>("offered");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("why");
        QTest::newRow("no name") << QJsonObject {{u"type"_s, u"file"_s}, {u"size"_s, 5}} << u"invalid-file"_s
                                 << u"a file needs a \"name\""_s;
        QTest::newRow("a path") << offer(u"../secret"_s, 5) << u"invalid-file"_s << u"a name, not a path"_s;
        QTest::newRow("too long a name") << offer(QString(256, u'x'), 5) << u"invalid-file"_s << u"at most 255"_s;
        QTest::newRow("control characters") << offer(u"a\nb"_s, 5) << u"invalid-file"_s << u"printable"_s;
        QTest::newRow("empty") << offer(u"x"_s, 0) << u"invalid-file"_s << u"a whole number from 1 up"_s;
        QJsonObject fractional = offer(u"x"_s, 1);
        fractional.insert(u"size"_s, 1.5);
        QTest::newRow("a fraction of a byte") << fractional << u"invalid-file"_s << u"a whole number"_s;
        QTest::newRow("not a media type") << offer(u"x"_s, 5, u"pdf"_s) << u"invalid-file"_s << u"a media type"_s;
        QTest::newRow("too large") << offer(u"x"_s, 1001) << u"file-too-large"_s << u"at most 1000 bytes"_s;
        QTest::newRow("to nobody") << offer(u"x"_s, 5, u"text/plain"_s, u"nobody"_s) << u"invalid-recipient"_s
                                   << u"nobody in the room is called \"nobody\""_s;
    }
    void refusesWhatItCannotTake()
    {
        QFETCH(QJsonObject, offered);
        QFETCH(QString, code);
        QFETCH(QString, why);
        const auto server = Test::startServer(withFiles(1000, 1 << 20));
        QVERIFY(server);
        JsonClient ann;
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
        ann.sendJson(offered);
        const auto error = ann.next();
        QVERIFY(error);
        QCOMPARE(error->value(u"type").toString(), u"error");
        QCOMPARE(error->value(u"code").toString(), code);
        QVERIFY2(error->value(u"message").toString().contains(why), qPrintable(error->value(u"message").toString()));
        QVERIFY(share(ann, offer(u"x"_s, 3), "abc")); // still a member, who may share
    }

    // Refusals that depend on the room and the member: files turned off, an offer over HTTP, a second offer while
    // the first file arrives.
    void refusesOffersItCannotServe()
    {
        {
            const auto server = Test::startServer(withFiles(0, 1 << 20));
            QVERIFY(server);
            JsonClient ann;
            QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
            ann.sendJson(offer(u"x"_s, 5));
            QCOMPARE(ann.nextOfType(u"error")->value(u"code").toString(), u"files-off");
        }
        const auto server = Test::startServer();
        QVERIFY(server);
        const QByteArray joined = Test::httpExchange(server->port(), "POST /chat/join HTTP/1.1\r\nHost: x\r\n\r\n");
        const QByteArray session = QJsonDocument::fromJson(joined.sliced(HttpHead::headLength(joined)))
                                       .object()
                                       .value(u"session")
                                       .toString()
                                       .toLatin1();
        QVERIFY(!session.isEmpty());
        const QByteArray body = QJsonDocument(offer(u"x"_s, 5)).toJson(QJsonDocument::Compact);
        const QByteArray answer = Test::httpExchange(server->port(),
            "POST /chat/send HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + session
                + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QVERIFY2(answer.contains(R"("code":"file-needs-websocket")"), answer.constData());

        JsonClient ann;
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
        ann.sendJson(offer(u"first"_s, 10));
        QVERIFY(ann.nextOfType(u"upload"));
        ann.sendJson(offer(u"second"_s, 10));
        const auto busy = ann.nextOfType(u"error");
        QCOMPARE(busy->value(u"code").toString(), u"upload-in-progress");
        QVERIFY(busy->value(u"message").toString().contains(u"\"first\" is still arriving"));
        sendInPieces(ann, "0123456789");
        QCOMPARE(ann.nextOfType(u"message")->value(u"file").toObject().value(u"name").toString(), u"first");
    }

    // Binary frames are a file's bytes only: outside an upload, or past the size offered, they close with 1003.
    void closesOnBytesNobodyOffered_data()
    {
        QTest::addColumn<bool>("offerFirst");
        QTest::newRow("no offer") << false;
        QTest::newRow("more than offered") << true;
    }
    void closesOnBytesNobodyOffered()
    {
        QFETCH(bool, offerFirst);
        const auto server = Test::startServer();
        QVERIFY(server);
        JsonClient ann;
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
        if (offerFirst) {
            ann.sendJson(offer(u"x"_s, 4));
            QVERIFY(ann.nextOfType(u"upload"));
        }
        ann.socket.sendBinaryMessage("12345");
        QVERIFY(ann.waitDisconnected());
        QCOMPARE(ann.socket.closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
        QVERIFY2(ann.socket.closeReason().contains(offerFirst ? u"more bytes than the 4"_s : u"a file's bytes"_s),
            qPrintable(ann.socket.closeReason()));
    }

    // The room holds the newest files within its budget; older ones answer 404. Files arriving count too: an offer
    // that does not fit beside them is refused, and a member who leaves mid-upload gives its share back, and no
    // message about its file comes.
    void holdsTheNewestFilesWithinItsBudget()
    {
        const qint64 size = 100 << 10;
        const auto server = Test::startServer(withFiles(size, 3 * size));
        QVERIFY(server);
        const QUrl url = Test::webSocketUrl(*server, u"/chat");
        JsonClient ann, bob;
        QVERIFY(ann.join(url));
        QVERIFY(bob.join(url));
        QStringList paths;
        for (int i = 0; i < 4; ++i) {
            const auto shared = share(ann, offer(u"f%1"_s.arg(i), size), QByteArray(size, char('a' + i)));
            QVERIFY(shared);
            paths.append(shared->value(u"file").toObject().value(u"url").toString());
        }
        QVERIFY(curl(*server, paths.first())->head.startsWith("HTTP/1.1 404"));
        for (int i = 1; i < 4; ++i)
            QCOMPARE(curl(*server, paths.at(i))->body, QByteArray(size, char('a' + i)));

        // Three uploads under way take all of it: a fourth does not fit beside them, whatever it would forget.
        JsonClient cy, dee;
        QVERIFY(cy.join(url));
        QVERIFY(dee.join(url));
        for (JsonClient *uploader : {&ann, &bob, &dee}) {
            uploader->sendJson(offer(u"slow"_s, size));
            QVERIFY(uploader->nextOfType(u"upload"));
        }
        ann.socket.sendBinaryMessage(QByteArray(10, 'x'));
        const auto refusal = [&cy](qint64 bytes) {
            cy.sendJson(offer(u"one too many"_s, bytes));
            const auto error = cy.nextOfType(u"error");
            return error ? error->value(u"code").toString() : QString();
        };
        QCOMPARE(refusal(size + 1), u"file-too-large");
        QCOMPARE(refusal(1), u"files-busy");

        ann.socket.close();
        QCOMPARE(bob.nextOfType(u"leave")->value(u"nick").toString(), u"guest-1");
        QVERIFY(share(cy, offer(u"now it fits"_s, size), QByteArray(size, 'c')));
        QStringList heard; // by bob since his own offer: never of ann's last file
        while (const auto shared = bob.nextOfType(u"message")) {
            heard.append(shared->value(u"file").toObject().value(u"name").toString());
            if (heard.last() == u"now it fits")
                break;
        }
        QCOMPARE(heard, QStringList {u"now it fits"_s});
    }

    // A member may give up a file mid-upload: the room drops its bytes and its share of the budget, says nothing of
    // it to anyone, and takes the next offer at once. A cancel with no upload under way asks nothing; bytes after
    // one are outside any upload.
    void aCancelledUploadLeavesNothingBehind()
    {
        const qint64 size = 100 << 10;
        const auto server = Test::startServer(withFiles(size, size)); // room for one file at a time
        QVERIFY(server);
        const QUrl url = Test::webSocketUrl(*server, u"/chat");
        JsonClient ann, bob;
        QVERIFY(ann.join(url));
        QVERIFY(bob.join(url));
        const QJsonObject cancel {{u"type"_s, u"cancel-upload"_s}};
        ann.sendJson(offer(u"draft"_s, size));
        QVERIFY(ann.nextOfType(u"upload"));
        sendInPieces(ann, QByteArray(size / 2, 'd'));
        ann.sendJson(cancel);

        const auto shared = share(ann, offer(u"final"_s, size), QByteArray(size, 'f'));
        QVERIFY(shared); // neither upload-in-progress nor files-busy
        const auto heard = bob.nextOfType(u"message");
        QVERIFY(heard);
        QCOMPARE(heard->value(u"file").toObject().value(u"name").toString(), u"final");
        QCOMPARE(curl(*server, heard->value(u"file").toObject().value(u"url").toString())->body, QByteArray(size, 'f'));

        ann.sendJson(cancel);
        ann.sendJson(QJsonObject {{u"type"_s, u"users"_s}});
        QCOMPARE(ann.next()->value(u"type").toString(), u"users"); // no error came before it
        ann.sendJson(offer(u"again"_s, size));
        QVERIFY(ann.nextOfType(u"upload"));
        ann.sendJson(cancel);
        ann.socket.sendBinaryMessage("late");
        QVERIFY(ann.waitDisconnected());
        QCOMPARE(ann.socket.closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
    }

    // A file's bytes are not messages: a hundred pieces pass a rate limit of 10 messages a second.
    void piecesDoNotCountAgainstTheRate()
    {
        ServerConfig config = Test::loopbackConfig();
        config.messagesPerSecond = 10;
        config.burst = 20;
        const auto server = Test::startServer(config);
        QVERIFY(server);
        JsonClient ann;
        QVERIFY(ann.join(Test::webSocketUrl(*server, u"/chat")));
        ann.sendJson(offer(u"many pieces"_s, 100 << 10));
        QVERIFY(ann.nextOfType(u"upload"));
        sendInPieces(ann, QByteArray(100 << 10, 'p'), 1 << 10);
        const auto shared = ann.next();
        QVERIFY(shared);
        QCOMPARE(shared->value(u"type").toString(), u"message");
        QCOMPARE(shared->value(u"file").toObject().value(u"size").toInteger(), 100 << 10);
    }
};

QTEST_GUILESS_MAIN(tst_FileSharing)
#include "tst_filesharing.moc"
