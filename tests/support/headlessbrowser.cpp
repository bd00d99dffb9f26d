// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/headlessbrowser.h"

#include <QDebug>
#include <QJsonArray>
#include <QJsonDocument>

#include "support/eventwait.h"

namespace Duplex::Test {

HeadlessBrowser::~HeadlessBrowser()
{
    // The relay ends Chromium when its stdin closes.
    m_relay.closeWriteChannel();
    if (!m_relay.waitForFinished(10000))
        m_relay.kill();
}

bool HeadlessBrowser::start()
{
    // Debian's modules belong to /usr/bin/python3, whatever python3 comes first on PATH.
    m_relay.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral(BROWSER_RELAY)});
    QObject::connect(&m_relay, &QProcess::readyReadStandardOutput, &m_relay, [this] { read(); });
    const bool started = call(QStringLiteral("Page.enable"), {}, 40000) && call(QStringLiteral("Runtime.enable"));
    if (!started)
        qWarning() << "the browser relay did not start:" << m_relay.readAllStandardError();
    return started;
}

void HeadlessBrowser::read()
{
    while (m_relay.canReadLine()) {
        const QJsonObject message = QJsonDocument::fromJson(m_relay.readLine()).object();
        if (message.contains(u"id")) {
            m_answers.insert(message.value(u"id").toInt(), message);
            continue;
        }
        const QString method = message.value(u"method").toString();
        const QJsonObject params = message.value(u"params").toObject();
        m_events.append(method);
        if (method == u"Runtime.exceptionThrown") {
            const QJsonObject details = params.value(u"exceptionDetails").toObject();
            m_pageErrors.append(details.value(u"exception")
                                    .toObject()
                                    .value(u"description")
                                    .toString(details.value(u"text").toString()));
        } else if (method == u"Runtime.consoleAPICalled" && params.value(u"type").toString() == u"error") {
            QStringList parts;
            for (const QJsonValue &argument : params.value(u"args").toArray())
                parts.append(argument.toObject().value(u"value").toVariant().toString());
            m_pageErrors.append(parts.join(u' '));
        }
    }
}

std::optional<QJsonObject> HeadlessBrowser::call(const QString &method, const QJsonObject &params, int timeoutMs)
{
    if (m_relay.state() != QProcess::Running && !m_relay.waitForStarted())
        return std::nullopt;
    const int id = ++m_lastId;
    const QJsonObject command {{u"id"_qs, id}, {u"method"_qs, method}, {u"params"_qs, params}};
    m_relay.write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
    if (!waitUntil([this, id] { return m_answers.contains(id) || m_relay.state() == QProcess::NotRunning; }, timeoutMs)
        || !m_answers.contains(id)) {
        qWarning() << method << "got no answer in" << timeoutMs << "ms";
        return std::nullopt;
    }
    const QJsonObject answer = m_answers.take(id);
    if (answer.contains(u"error")) {
        qWarning() << method << "failed:" << answer.value(u"error").toObject().value(u"message").toString();
        return std::nullopt;
    }
    return answer.value(u"result").toObject();
}

bool HeadlessBrowser::open(const QUrl &url)
{
    m_events.clear();
    m_pageErrors.clear();
    if (!call(QStringLiteral("Page.navigate"), {{u"url"_qs, url.toString()}}))
        return false;
    return waitUntil([this] { return m_events.contains(u"Page.loadEventFired"); }, 10000);
}

QJsonValue HeadlessBrowser::evaluate(const QString &expression)
{
    const auto result = call(QStringLiteral("Runtime.evaluate"),
        {{u"expression"_qs, expression}, {u"returnByValue"_qs, true}, {u"awaitPromise"_qs, true}});
    if (!result || result->contains(u"exceptionDetails"))
        return QJsonValue::Undefined;
    return result->value(u"result").toObject().value(u"value");
}

bool HeadlessBrowser::waitFor(const QString &expression, int timeoutMs)
{
    const QString truthy = u"!!(" + expression + u')';
    return waitUntil([&] { return evaluate(truthy).toBool(); }, timeoutMs);
}

bool HeadlessBrowser::type(const QString &text)
{
    if (!call(QStringLiteral("Input.insertText"), {{u"text"_qs, text}}))
        return false;
    for (const QString &phase : {u"keyDown"_qs, u"keyUp"_qs}) {
        const QJsonObject enter {{u"type"_qs, phase}, {u"key"_qs, u"Enter"_qs}, {u"code"_qs, u"Enter"_qs},
            {u"windowsVirtualKeyCode"_qs, 13}, {u"text"_qs, phase == u"keyDown" ? u"\r"_qs : QString()}};
        if (!call(QStringLiteral("Input.dispatchKeyEvent"), enter))
            return false;
    }
    return true;
}

QByteArray HeadlessBrowser::screenshot()
{
    const auto shot = call(QStringLiteral("Page.captureScreenshot"), {{u"format"_qs, u"png"_qs}});
    return shot ? QByteArray::fromBase64(shot->value(u"data").toString().toLatin1()) : QByteArray();
}

} // namespace Duplex::Test
