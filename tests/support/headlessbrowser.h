// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Duplex::Test {

// Debian's Chromium, headless, with one page driven over the DevTools protocol (tests/support/browser_relay.py
// relays it; the page may reach loopback only). Every wait runs the event loop, so a server in the test's own
// thread keeps serving the page.
class HeadlessBrowser
{
public:
    HeadlessBrowser() = default;
    Q_DISABLE_COPY_MOVE(HeadlessBrowser)
    ~HeadlessBrowser();

    // False, with the relay's complaint logged, when Chromium did not start.
    bool start();
    // A command's result, or nothing (with the protocol's error logged) when it failed or took longer than timeoutMs.
    std::optional<QJsonObject> call(const QString &method, const QJsonObject &params = {}, int timeoutMs = 10000);
    // Loads url and waits for its load event. Storage is per origin: a server on a new port starts afresh.
    bool open(const QUrl &url);
    // The value of a JavaScript expression in the page (promises awaited); undefined when it threw.
    QJsonValue evaluate(const QString &expression);
    // Waits until the expression is truthy in the page.
    bool waitFor(const QString &expression, int timeoutMs = 10000);
    // Types text into the focused element, then presses Enter, as a person would.
    bool type(const QString &text);
    QByteArray screenshot();
    // What went wrong in the page: uncaught exceptions and console errors, each as one line.
    QStringList pageErrors() const { return m_pageErrors; }

private:
    void read();

    QProcess m_relay;
    int m_lastId = 0;
    QHash<int, QJsonObject> m_answers;
    QStringList m_events; // methods of the events seen since the last open()
    QStringList m_pageErrors;
};

} // namespace Duplex::Test
