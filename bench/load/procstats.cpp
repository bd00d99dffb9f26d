// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "procstats.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

namespace Duplex::Load {

namespace {

const double ticksPerSecond = double(sysconf(_SC_CLK_TCK));

// utime + stime of pid in µs, or -1.
double processCpuUs(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    const auto paren = text.rfind(')'); // the command name may hold spaces
    if (paren == std::string::npos)
        return -1;
    std::istringstream fields(text.substr(paren + 2));
    std::string skip;
    for (int i = 0; i < 11; ++i) // state … cmajflt: fields 3 to 13
        fields >> skip;
    double utime = 0, stime = 0;
    fields >> utime >> stime;
    return fields ? (utime + stime) / ticksPerSecond * 1e6 : -1;
}

double selfCpuUs()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto us = [](const timeval &t) { return double(t.tv_sec) * 1e6 + double(t.tv_usec); };
    return us(usage.ru_utime) + us(usage.ru_stime);
}

} // namespace

std::int64_t nowNs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return std::int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

std::int64_t residentKiB(pid_t pid)
{
    if (pid <= 0)
        return -1;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmRSS:"))
            return std::stoll(line.substr(6));
    }
    return -1;
}

CpuMeter::Machine CpuMeter::machine()
{
    std::ifstream stat("/proc/stat");
    std::string cpu;
    std::int64_t v[8] {};
    stat >> cpu;
    for (auto &field : v) // user nice system idle iowait irq softirq steal
        stat >> field;
    Machine m;
    m.busy = v[0] + v[1] + v[2];
    m.irq = v[5] + v[6];
    m.steal = v[7];
    for (const auto field : v)
        m.total += field;
    return m;
}

void CpuMeter::start()
{
    m_startNs = nowNs();
    m_server0 = m_pid > 0 ? processCpuUs(m_pid) : -1;
    m_loadgen0 = selfCpuUs();
    m_machine0 = machine();
}

void CpuMeter::stop()
{
    m_seconds = double(nowNs() - m_startNs) / 1e9;
    m_loadgenUs = selfCpuUs() - m_loadgen0;
    const double server1 = m_pid > 0 ? processCpuUs(m_pid) : -1;
    m_serverUs = m_server0 >= 0 && server1 >= 0 ? server1 - m_server0 : -1;
    const Machine m1 = machine();
    if (m1.total > m_machine0.total)
        m_stealPct = 100 * double(m1.steal - m_machine0.steal) / double(m1.total - m_machine0.total);
    m_irqPct = 100 * double(m1.irq - m_machine0.irq) / ticksPerSecond / m_seconds;
    const double busyUs = double(m1.busy - m_machine0.busy) / ticksPerSecond * 1e6;
    // Clamped: the two processes' system time also holds softirq work, which /proc/stat counts apart.
    m_otherPct = std::max(0.0, 100 * (busyUs - m_loadgenUs - std::max(0.0, m_serverUs)) / 1e6 / m_seconds);
}

} // namespace Duplex::Load
