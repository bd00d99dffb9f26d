// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

namespace Duplex::Load {

// Latencies in ns with under 1 % error, in fixed memory however many are recorded: 128 linear steps per power of
// two (the layout of HdrHistogram, reduced to what percentiles need).
class Histogram
{
public:
    void record(std::int64_t ns)
    {
        const auto value = std::uint64_t(std::max<std::int64_t>(ns, 0));
        ++m_counts[bucketOf(value)];
        ++m_count;
        m_sum += double(value);
        m_max = std::max(m_max, value);
    }
    std::uint64_t count() const { return m_count; }
    double meanUs() const { return m_count ? m_sum / double(m_count) / 1e3 : 0; }
    double maxUs() const { return double(m_max) / 1e3; }
    // The smallest recorded value that at least fraction of all values do not exceed (nearest rank), in µs.
    double percentileUs(double fraction) const
    {
        const auto rank = std::uint64_t(fraction * double(m_count) + 0.999999);
        std::uint64_t seen = 0;
        for (std::size_t bucket = 0; bucket < m_counts.size(); ++bucket) {
            seen += m_counts[bucket];
            if (seen >= std::max<std::uint64_t>(rank, 1))
                return double(std::min(lowestOf(bucket), m_max)) / 1e3;
        }
        return maxUs();
    }

private:
    static constexpr int stepBits = 7;
    static constexpr std::uint64_t steps = 1 << stepBits;
    static std::size_t bucketOf(std::uint64_t value)
    {
        if (value < steps)
            return value;
        const int shift = std::bit_width(value) - stepBits - 1; // value >> shift lies in [steps, 2 * steps)
        return std::size_t(shift + 1) * steps + ((value >> shift) - steps);
    }
    static std::uint64_t lowestOf(std::size_t bucket)
    {
        if (bucket < steps)
            return bucket;
        const auto shift = bucket / steps - 1;
        return (bucket % steps + steps) << shift;
    }

    std::vector<std::uint64_t> m_counts = std::vector<std::uint64_t>(64 * steps);
    std::uint64_t m_count = 0;
    std::uint64_t m_max = 0;
    double m_sum = 0;
};

} // namespace Duplex::Load
