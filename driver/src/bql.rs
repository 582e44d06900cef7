//! Byte queue limits (lib/dynamic_queue_limits.c): the bytes a TX queue
//! may have in flight, adapted at every completion so the device never
//! starves and the qdisc, not the ring, holds the backlog.
//!
//! The kernel keeps this per netdev_queue; igb calls
//! `netdev_tx_sent_queue` per frame in igb_tx_map and
//! `netdev_tx_completed_queue` once per igb_clean_tx_irq, which is where
//! [`TxRing`](crate) calls [`Dql::queued`] and [`Dql::completed`].

/// DQL_MAX_LIMIT: (UINT_MAX / 16) - DQL_MAX_OBJECT with
/// DQL_MAX_OBJECT = UINT_MAX / 16.
pub const DQL_MAX_LIMIT: u32 = (u32::MAX / 2) - (u32::MAX / 16);
/// slack_hold_time: dql_init(&q->dql, HZ), one second (here in ns).
pub const SLACK_HOLD_NS: u64 = 1_000_000_000;

/// One queue's dynamic limit (struct dql). Counters wrap as the kernel's
/// unsigned ints do.
#[derive(Clone, Debug)]
pub struct Dql {
    num_queued: u32,
    adj_limit: u32,
    last_obj_cnt: u32,
    limit: u32,
    num_completed: u32,
    prev_ovlimit: u32,
    prev_num_queued: u32,
    prev_last_obj_cnt: u32,
    lowest_slack: u32,
    slack_start_ns: u64,
    pub max_limit: u32,
    pub min_limit: u32,
}

fn posdiff(a: u32, b: u32) -> u32 {
    if (a.wrapping_sub(b) as i32) > 0 {
        a.wrapping_sub(b)
    } else {
        0
    }
}

impl Default for Dql {
    fn default() -> Self {
        Self::new(0)
    }
}

impl Dql {
    /// dql_init + dql_reset at host time `now_ns`: limit min_limit (0).
    pub fn new(now_ns: u64) -> Dql {
        Dql {
            num_queued: 0,
            adj_limit: 0,
            last_obj_cnt: 0,
            limit: 0,
            num_completed: 0,
            prev_ovlimit: 0,
            prev_num_queued: 0,
            prev_last_obj_cnt: 0,
            lowest_slack: u32::MAX,
            slack_start_ns: now_ns,
            max_limit: DQL_MAX_LIMIT,
            min_limit: 0,
        }
    }

    /// dql_queued: `count` bytes handed to the device.
    pub fn queued(&mut self, count: u32) {
        self.last_obj_cnt = count;
        self.num_queued = self.num_queued.wrapping_add(count);
    }

    /// dql_avail: bytes that may still be queued (negative: over the limit,
    /// the stack stops the queue: __QUEUE_STATE_STACK_XOFF).
    pub fn avail(&self) -> i64 {
        self.adj_limit.wrapping_sub(self.num_queued) as i32 as i64
    }

    /// limit_min: a floor for the limit, applied at once.
    pub fn set_min_limit(&mut self, bytes: u32) {
        self.min_limit = bytes.min(self.max_limit);
        self.limit = self.limit.max(self.min_limit);
        self.adj_limit = self.limit.wrapping_add(self.num_completed);
    }

    /// The current limit in bytes.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// Bytes queued and not completed.
    pub fn in_flight(&self) -> u32 {
        self.num_queued.wrapping_sub(self.num_completed)
    }

    /// dql_completed: `count` bytes completed at host time `now_ns`; the
    /// limit grows when the queue ran dry while over its limit, and shrinks
    /// by the smallest slack seen over a hold time of steady business.
    pub fn completed(&mut self, count: u32, now_ns: u64) {
        let num_queued = self.num_queued;
        // Can't complete more than what's in queue (the kernel BUG_ONs).
        let count = count.min(num_queued.wrapping_sub(self.num_completed));
        let completed = self.num_completed.wrapping_add(count);
        let mut limit = self.limit;
        let mut ovlimit = posdiff(num_queued.wrapping_sub(self.num_completed), limit);
        let inprogress = num_queued.wrapping_sub(completed);
        let prev_inprogress = self.prev_num_queued.wrapping_sub(self.num_completed);
        let all_prev_completed = (completed.wrapping_sub(self.prev_num_queued) as i32) >= 0;

        if (ovlimit != 0 && inprogress == 0) || (self.prev_ovlimit != 0 && all_prev_completed) {
            // Starved: grow by what was sent and completed in the last
            // interval, plus the previous over-limit.
            limit = limit.wrapping_add(posdiff(completed, self.prev_num_queued)).wrapping_add(self.prev_ovlimit);
            self.slack_start_ns = now_ns;
            self.lowest_slack = u32::MAX;
        } else if inprogress != 0 && prev_inprogress != 0 && !all_prev_completed {
            // Busy the whole interval: the excess over twice the completed
            // bytes is slack; shed the lowest slack seen once per hold time.
            let slack = posdiff(
                limit.wrapping_add(self.prev_ovlimit),
                2u32.wrapping_mul(completed.wrapping_sub(self.num_completed)),
            );
            let slack_last_objs =
                if self.prev_ovlimit != 0 { posdiff(self.prev_last_obj_cnt, self.prev_ovlimit) } else { 0 };
            let slack = slack.max(slack_last_objs);
            if slack < self.lowest_slack {
                self.lowest_slack = slack;
            }
            if now_ns > self.slack_start_ns + SLACK_HOLD_NS {
                limit = posdiff(limit, self.lowest_slack);
                self.slack_start_ns = now_ns;
                self.lowest_slack = u32::MAX;
            }
        }
        limit = limit.clamp(self.min_limit, self.max_limit);
        if limit != self.limit {
            self.limit = limit;
            ovlimit = 0;
        }
        self.adj_limit = limit.wrapping_add(completed);
        self.prev_ovlimit = ovlimit;
        self.prev_last_obj_cnt = self.last_obj_cnt;
        self.num_completed = completed;
        self.prev_num_queued = num_queued;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_at_one_frame_and_grows_when_starved() {
        let mut d = Dql::new(0);
        assert_eq!(d.avail(), 0);
        d.queued(1500);
        assert!(d.avail() < 0, "limit 0: one frame in flight stops the queue");
        // Completed while over the limit with nothing left: starved, grow.
        d.completed(1500, 10);
        assert_eq!(d.limit(), 1500);
        assert_eq!(d.avail(), 1500);
        // Two frames then one completion: not starved (one still in flight).
        d.queued(1500);
        d.queued(1500);
        d.completed(1500, 20);
        assert_eq!(d.limit(), 1500);
        d.completed(1500, 30);
        assert!(d.limit() > 1500, "over the limit and drained: grows, {}", d.limit());
        assert_eq!(d.in_flight(), 0);
    }

    #[test]
    fn shrinks_by_slack_after_the_hold_time() {
        let mut d = Dql::new(0);
        // Grow to a large limit by repeated starvation.
        let mut t = 0;
        for _ in 0..6 {
            let n = (d.limit() / 1000).max(1) + 1;
            for _ in 0..n {
                d.queued(1000);
            }
            t += 10;
            d.completed(n * 1000, t);
        }
        let big = d.limit();
        assert!(big > 20_000, "{big}");
        // Then steady: always a little in flight, completions of 1000 at a time.
        for _ in 0..5 {
            d.queued(1000);
        }
        for k in 0..200u64 {
            d.queued(1000);
            d.completed(1000, t + k * 10_000_000);
        }
        assert!(d.limit() < big, "slack shed after the hold time: {} vs {big}", d.limit());
        // Never completes more than queued.
        let inflight = d.in_flight();
        d.completed(u32::MAX, t + 3_000_000_000);
        assert_eq!(d.in_flight(), 0);
        assert!(inflight > 0);
    }
}
