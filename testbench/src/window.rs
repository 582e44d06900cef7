//! A sliding window over a numbered sequence: items keep their absolute
//! index while the settled ones at the front are dropped. The simulation
//! keeps per-frame state here so that a streamed capture costs memory for
//! the frames in flight only, not for the whole file.

use std::collections::VecDeque;
use std::ops::{Index, IndexMut};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window<T> {
    /// Absolute index of `items[0]`.
    base: usize,
    items: VecDeque<T>,
}

impl<T> Default for Window<T> {
    fn default() -> Self {
        Window { base: 0, items: VecDeque::new() }
    }
}

impl<T> Window<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Items ever pushed (the absolute index the next push gets).
    pub fn len(&self) -> usize {
        self.base + self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Absolute index of the oldest item still held.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Items still held.
    pub fn held(&self) -> usize {
        self.items.len()
    }

    pub fn push(&mut self, v: T) {
        self.items.push_back(v);
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        i.checked_sub(self.base).and_then(|k| self.items.get(k))
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        i.checked_sub(self.base).and_then(|k| self.items.get_mut(k))
    }

    pub fn front(&self) -> Option<&T> {
        self.items.front()
    }

    /// Drops the oldest item, returning it with its absolute index.
    pub fn pop_front(&mut self) -> Option<(usize, T)> {
        let v = self.items.pop_front()?;
        self.base += 1;
        Some((self.base - 1, v))
    }

    /// The held items, oldest first (absolute index = `base() + position`).
    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        self.items.iter()
    }

    /// The held items as a vector (all of them when nothing was dropped).
    pub fn to_vec(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.items.iter().cloned().collect()
    }

    /// Takes every held item out; the window then starts after them.
    pub fn take_all(&mut self) -> Vec<T> {
        self.base += self.items.len();
        self.items.drain(..).collect()
    }
}

/// Absolute indexing; panics on an index outside the window, as a slice does.
impl<T> Index<usize> for Window<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        self.get(i).unwrap_or_else(|| panic!("index {i} outside window {}..{}", self.base, self.len()))
    }
}

impl<T> IndexMut<usize> for Window<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        let (b, n) = (self.base, self.len());
        self.get_mut(i).unwrap_or_else(|| panic!("index {i} outside window {b}..{n}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_indices_survive_dropping_the_front() {
        let mut w = Window::new();
        for i in 0..5 {
            w.push(i * 10);
        }
        assert_eq!((w.len(), w.base(), w.held()), (5, 0, 5));
        assert_eq!(w.pop_front(), Some((0, 0)));
        assert_eq!(w.pop_front(), Some((1, 10)));
        assert_eq!((w.len(), w.base(), w.held()), (5, 2, 3));
        assert_eq!(w[3], 30);
        assert_eq!(w.get(1), None);
        assert_eq!(w.get(5), None);
        w[4] += 1;
        assert_eq!(w.to_vec(), vec![20, 30, 41]);
        assert_eq!(w.take_all(), vec![20, 30, 41]);
        assert_eq!((w.len(), w.base(), w.held()), (5, 5, 0));
        w.push(7);
        assert_eq!(w[5], 7);
    }
}
