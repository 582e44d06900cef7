//! MacSource: beats, tkeep, tlast, padding, timing.

use nicsim_hw::ports::Inputs;
use nicsim_testbench::bfm::{MacFrame, MacSource, MIN_FRAME_LEN};

#[derive(Clone, Copy, Debug)]
struct Beat {
    cycle: u64,
    data: u64,
    keep: u8,
    last: bool,
    user: bool,
}

/// Runs the source until done (or `max` cycles) and returns every valid beat.
fn run(mac: &mut MacSource, max: u64) -> Vec<Beat> {
    let mut beats = Vec::new();
    for _ in 0..max {
        if mac.done() {
            break;
        }
        let c = mac.now();
        let mut ins = Inputs::default();
        mac.drive(&mut ins);
        if ins.s_axis_rx_tvalid {
            beats.push(Beat {
                cycle: c,
                data: ins.s_axis_rx_tdata,
                keep: ins.s_axis_rx_tkeep,
                last: ins.s_axis_rx_tlast,
                user: ins.s_axis_rx_tuser,
            });
        } else {
            assert_eq!((ins.s_axis_rx_tlast, ins.s_axis_rx_tuser, ins.s_axis_rx_tkeep), (false, false, 0));
        }
        mac.edge(&ins);
    }
    assert!(mac.done());
    beats
}

/// Splits beats into frames, checking no gaps inside a frame, and rebuilds the bytes.
fn frames_of(beats: &[Beat]) -> Vec<(u64, u64, Vec<u8>, bool)> {
    let mut out = Vec::new();
    let mut cur: Option<(u64, Vec<u8>)> = None;
    let mut prev_cycle = None;
    for b in beats {
        let (_, bytes) = cur.get_or_insert_with(|| (b.cycle, Vec::new()));
        if !bytes.is_empty() {
            assert_eq!(Some(b.cycle), prev_cycle.map(|p: u64| p + 1), "gap inside a frame");
        }
        prev_cycle = Some(b.cycle);
        if !b.last {
            assert_eq!(b.keep, 0xFF);
            assert!(!b.user);
        } else {
            assert!(b.keep != 0 && (b.keep & (b.keep.wrapping_add(1))) == 0, "tkeep must be contiguous low bits");
        }
        let n = b.keep.count_ones() as usize;
        bytes.extend_from_slice(&b.data.to_le_bytes()[..n]);
        // Bytes beyond tkeep are zero.
        assert!(b.data.to_le_bytes()[n..].iter().all(|&x| x == 0));
        if b.last {
            let (s, bytes) = cur.take().unwrap();
            out.push((s, b.cycle, bytes, b.user));
        }
    }
    assert!(cur.is_none());
    out
}

fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(7).wrapping_add(seed)).collect()
}

#[test]
fn beats_tkeep_tlast_and_padding() {
    let lens = [1usize, 59, 60, 64, 65, 71, 72, 1514];
    let frames: Vec<Vec<u8>> = lens.iter().enumerate().map(|(i, &l)| pattern(l, i as u8)).collect();
    let mut mac = MacSource::back_to_back(frames.clone());
    let beats = run(&mut mac, 10_000);
    let got = frames_of(&beats);
    assert_eq!(got.len(), lens.len());
    for (i, (_, _, bytes, bad)) in got.iter().enumerate() {
        let mut want = frames[i].clone();
        if want.len() < MIN_FRAME_LEN {
            want.resize(MIN_FRAME_LEN, 0);
        }
        assert_eq!(bytes, &want, "frame {i}");
        assert!(!bad);
        let r = mac.records()[i];
        assert_eq!((r.len as usize, r.orig_len as usize), (want.len(), lens[i]));
        assert_eq!(r.end - r.start + 1, want.len().div_ceil(8) as u64);
    }
    // Specific tkeep values on last beats: 60 -> 4 bytes, 64 -> 8, 65 -> 1, 71 -> 7.
    let last_keeps: Vec<u8> = beats.iter().filter(|b| b.last).map(|b| b.keep).collect();
    assert_eq!(last_keeps, vec![0x0F, 0x0F, 0x0F, 0xFF, 0x01, 0x7F, 0xFF, 0x03]);
    // Back to back: every frame starts right after the previous one.
    for w in mac.records().windows(2) {
        assert_eq!(w[1].start, w[0].end + 1);
    }
    assert_eq!(mac.records()[0].start, 0);
    assert_eq!(mac.frames_sent(), lens.len());
}

#[test]
fn start_cycles_respected_and_frames_never_overlap() {
    // Frame 1 is due before frame 0 ends: it waits. Frame 2 is due later: it starts on time.
    let mut mac = MacSource::from_timed(vec![
        (10, pattern(100, 1)),
        (12, pattern(64, 2)),
        (100, pattern(64, 3)),
        (0, pattern(64, 4)),
    ]);
    assert_eq!(mac.next_start_cycle(), Some(10));
    let beats = run(&mut mac, 1000);
    let f = frames_of(&beats);
    let r = mac.records();
    assert_eq!((r[0].start, r[0].end), (10, 10 + 13 - 1));
    assert_eq!(r[1].start, r[0].end + 1);
    assert_eq!((r[2].start, r[2].end), (100, 107));
    assert_eq!(r[3].start, 108);
    for (i, rec) in r.iter().enumerate() {
        assert_eq!((f[i].0, f[i].1), (rec.start, rec.end));
    }
}

#[test]
fn bad_frame_sets_tuser_on_last_beat_only() {
    let mut mac = MacSource::from_frames(vec![
        MacFrame { start_cycle: 0, bytes: pattern(80, 0), bad: true },
        MacFrame { start_cycle: 0, bytes: pattern(80, 1), bad: false },
    ]);
    let beats = run(&mut mac, 100);
    let f = frames_of(&beats);
    assert!(f[0].3 && !f[1].3);
    assert_eq!(beats.iter().filter(|b| b.user).count(), 1);
    assert!(mac.records()[0].bad && !mac.records()[1].bad);
}

#[test]
fn skip_to_next_start_and_streaming_push() {
    let mut mac = MacSource::new();
    assert!(mac.done());
    assert_eq!(mac.next_start_cycle(), None);
    mac.push(MacFrame { start_cycle: 1000, bytes: pattern(64, 0), bad: false });
    assert_eq!(mac.next_start_cycle(), Some(1000));
    mac.skip(1000);
    let beats = run(&mut mac, 100);
    assert_eq!(beats[0].cycle, 1000);
    assert_eq!(mac.records()[0].end, 1007);
    // A frame pushed after the source drained, already overdue, starts at once.
    mac.push(MacFrame { start_cycle: 5, bytes: pattern(64, 0), bad: false });
    assert_eq!(mac.next_start_cycle(), Some(mac.now()));
    let now = mac.now();
    run(&mut mac, 100);
    assert_eq!(mac.records()[1].start, now);
    assert_eq!(mac.frames_pending(), 0);
}

#[test]
fn many_frames_memory_is_released() {
    let frames: Vec<(u64, Vec<u8>)> =
        (0..82_000u64).map(|i| (i * 20, pattern(64 + (i % 64) as usize, i as u8))).collect();
    let mut mac = MacSource::from_timed(frames);
    let mut cycles = 0u64;
    while !mac.done() {
        let mut ins = Inputs::default();
        mac.drive(&mut ins);
        mac.edge(&ins);
        cycles += 1;
    }
    assert_eq!(mac.frames_sent(), 82_000);
    assert!(cycles >= 82_000 * 8);
    for w in mac.records().windows(2) {
        assert!(w[1].start > w[0].end);
    }
}
