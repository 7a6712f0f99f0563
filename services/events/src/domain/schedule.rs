//! When a failed delivery is tried again. The default schedule is the one Standard Webhooks
//! providers publish: after the first attempt fails, wait 5 s, then 5 min, 30 min, 2 h, 5 h,
//! 10 h and 10 h (eight attempts over about 28 hours), each wait ±10 % at random so that
//! many receivers coming back at once are not hit together. A `Retry-After` longer than the
//! scheduled wait is honoured (up to the schedule's longest wait). `EVENTS_RETRY_SCHEDULE`
//! replaces the schedule (e.g. `1s,1s` in tests).

use std::time::Duration;

/// The default waits between attempts.
pub const DEFAULT: &str = "5s,5m,30m,2h,5h,10h,10h";

/// The waits after each failed attempt; attempt `n` (1-based) is followed by `waits[n-1]`,
/// and after the last the delivery has failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub waits: Vec<Duration>,
}

impl Schedule {
    /// Parses `5s,5m,30m,2h` (units `ms`, `s`, `m`, `h`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let waits = text
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(parse_wait)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { waits })
    }

    /// How many attempts a delivery gets in all.
    pub fn attempts(&self) -> usize {
        self.waits.len() + 1
    }

    /// The wait after failed attempt `attempt` (1-based), with `jitter` in −1.0…1.0 scaling
    /// ±10 %, at least `retry_after`, or `None` when that was the last attempt.
    pub fn next_wait(
        &self,
        attempt: usize,
        jitter: f64,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        let base = *self.waits.get(attempt.checked_sub(1)?)?;
        let jittered = base.mul_f64(1.0 + 0.1 * jitter.clamp(-1.0, 1.0));
        let longest = self.waits.iter().max().copied().unwrap_or_default();
        Some(match retry_after {
            Some(asked) if asked > jittered => asked.min(longest.max(jittered)),
            _ => jittered,
        })
    }
}

fn parse_wait(part: &str) -> Result<Duration, String> {
    let split = part
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("`{part}` has no unit (ms, s, m or h)"))?;
    let (number, unit) = part.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{part}` does not start with a whole number"))?;
    Ok(match unit {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n * 60),
        "h" => Duration::from_secs(n * 3600),
        _ => return Err(format!("`{part}`: the unit is ms, s, m or h")),
    })
}

/// A `Retry-After` header: delay seconds (an HTTP date is not honoured: the schedule applies).
pub fn retry_after(value: Option<&str>) -> Option<Duration> {
    value?.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_is_eight_attempts_over_about_a_day() {
        let schedule = Schedule::parse(DEFAULT).expect("parses");
        assert_eq!(schedule.attempts(), 8);
        let total: Duration = schedule.waits.iter().sum();
        assert_eq!(
            total,
            Duration::from_secs(5 + 300 + 1800 + 7200 + 18000 + 72000)
        );
        assert_eq!(
            schedule.next_wait(1, 0.0, None),
            Some(Duration::from_secs(5))
        );
        assert_eq!(schedule.next_wait(8, 0.0, None), None);
    }

    #[test]
    fn jitter_stays_within_ten_percent_and_retry_after_is_honoured_up_to_the_longest_wait() {
        let schedule = Schedule::parse("10s,1m").expect("parses");
        assert_eq!(
            schedule.next_wait(1, 1.0, None),
            Some(Duration::from_secs(11))
        );
        assert_eq!(
            schedule.next_wait(1, -1.0, None),
            Some(Duration::from_secs(9))
        );
        assert_eq!(
            schedule.next_wait(1, 0.0, Some(Duration::from_secs(30))),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            schedule.next_wait(1, 0.0, Some(Duration::from_secs(86_400))),
            Some(Duration::from_secs(60))
        );
        assert_eq!(retry_after(Some(" 120 ")), Some(Duration::from_secs(120)));
        assert_eq!(retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
    }

    #[test]
    fn a_schedule_without_units_is_refused() {
        assert!(Schedule::parse("5,10").is_err());
        assert!(Schedule::parse("5x").is_err());
        assert_eq!(
            Schedule::parse("200ms").expect("parses").waits,
            [Duration::from_millis(200)]
        );
    }
}
