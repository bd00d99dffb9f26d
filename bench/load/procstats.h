// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <sys/types.h>

// What /proc says about the server under test, this process and the machine, read over a measuring window.
namespace Duplex::Load {

// The server's resident memory in KiB (VmRSS), or -1 when pid is 0 or gone.
std::int64_t residentKiB(pid_t pid);

// CPU time of the server (utime + stime of pid), of this load generator, and of the whole machine between start()
// and stop(). Percentages are of one core.
class CpuMeter
{
public:
    explicit CpuMeter(pid_t serverPid)
        : m_pid(serverPid)
    { }
    void start();
    void stop();

    double seconds() const { return m_seconds; }
    double serverCpuUs() const { return m_serverUs; } // -1 without a pid
    double serverPct() const { return 100 * m_serverUs / 1e6 / m_seconds; }
    double loadgenPct() const { return 100 * m_loadgenUs / 1e6 / m_seconds; }
    double stealPct() const { return m_stealPct; } // of all cores' time
    double irqPct() const { return m_irqPct; }     // irq and softirq: loopback TCP lands there too
    double otherPct() const { return m_otherPct; } // processes other than the server and this one

private:
    struct Machine
    {
        std::int64_t busy = 0, irq = 0, steal = 0, total = 0; // clock ticks
    };
    static Machine machine();

    pid_t m_pid;
    std::int64_t m_startNs = 0;
    double m_server0 = 0, m_loadgen0 = 0;
    Machine m_machine0;
    double m_seconds = 0, m_serverUs = -1, m_loadgenUs = 0, m_stealPct = 0, m_irqPct = 0, m_otherPct = 0;
};

std::int64_t nowNs(); // CLOCK_MONOTONIC

} // namespace Duplex::Load
