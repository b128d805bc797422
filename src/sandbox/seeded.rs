//! A seeded catalog kept as where each product's draws start rather than as products, and
//! the table of products written over it: a million-product store costs a few bytes each.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::iter::Peekable;

/// Makes one product from the generator state its draws start at.
pub type Make<P> = fn(&mut fastrand::Rng, u64) -> P;

/// Products `first_id..` of a deterministic catalog generated in one pass from one generator:
/// making product `id` again from its start gives exactly what that pass gave. The pass is
/// walked only as far as a product asked for, so a store starts at once.
#[derive(Debug)]
pub struct Seeded<P> {
    first_id: u64,
    count: u64,
    make: Make<P>,
    walked: RefCell<Walk>,
}

/// How far the one pass has gone: where each product's draws started, and the generator.
#[derive(Debug)]
struct Walk {
    starts: Vec<u64>,
    rng: fastrand::Rng,
}

impl<P> Seeded<P> {
    pub fn new(first_id: u64, count: usize, rng: fastrand::Rng, make: Make<P>) -> Seeded<P> {
        Seeded {
            first_id,
            count: count as u64,
            make,
            walked: RefCell::new(Walk {
                starts: Vec::new(),
                rng,
            }),
        }
    }

    fn product(&self, id: u64) -> Option<P> {
        if !self.holds(id) {
            return None;
        }
        let index = usize::try_from(id - self.first_id).ok()?;
        let mut walk = self.walked.borrow_mut();
        while walk.starts.len() <= index {
            let next = self.first_id + walk.starts.len() as u64;
            let start = walk.rng.get_seed();
            walk.starts.push(start);
            (self.make)(&mut walk.rng, next);
        }
        let start = *walk.starts.get(index)?;
        drop(walk);
        Some((self.make)(&mut fastrand::Rng::with_seed(start), id))
    }

    fn holds(&self, id: u64) -> bool {
        id >= self.first_id && id - self.first_id < self.count
    }

    fn ids(&self) -> std::ops::Range<u64> {
        self.first_id..self.first_id + self.count
    }
}

/// Every product of a store by id: the seeded ones not written since, and the written ones.
/// Reads hand out seeded products made on demand; a write keeps its product.
#[derive(Debug)]
pub struct Products<P> {
    seeded: Seeded<P>,
    /// Products created or changed since seeding, and `None` for a deleted one.
    written: BTreeMap<u64, Option<P>>,
}

impl<P: Clone> Products<P> {
    pub fn new(seeded: Seeded<P>) -> Products<P> {
        Products {
            seeded,
            written: BTreeMap::new(),
        }
    }

    pub fn get(&self, id: &u64) -> Option<Cow<'_, P>> {
        match self.written.get(id) {
            Some(written) => written.as_ref().map(Cow::Borrowed),
            None => self.seeded.product(*id).map(Cow::Owned),
        }
    }

    pub fn contains_key(&self, id: &u64) -> bool {
        match self.written.get(id) {
            Some(written) => written.is_some(),
            None => self.seeded.holds(*id),
        }
    }

    /// The product to change in place; a seeded one becomes a written one.
    pub fn get_mut(&mut self, id: &u64) -> Option<&mut P> {
        if !self.written.contains_key(id) {
            let seeded = self.seeded.product(*id)?;
            self.written.insert(*id, Some(seeded));
        }
        self.written.get_mut(id).and_then(Option::as_mut)
    }

    pub fn insert(&mut self, id: u64, product: P) {
        self.written.insert(id, Some(product));
    }

    pub fn remove(&mut self, id: &u64) -> Option<P> {
        let removed = self.get(id).map(Cow::into_owned);
        if removed.is_some() {
            self.written.insert(*id, None);
        }
        removed
    }

    /// The ids of every product, ascending, without making any product.
    pub fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        let seeded = self
            .seeded
            .ids()
            .filter(|id| !self.written.contains_key(id));
        let written = self
            .written
            .iter()
            .filter_map(|(id, product)| product.as_ref().map(|_| *id));
        Ascending {
            a: seeded.peekable(),
            b: written.peekable(),
        }
    }

    /// Every product in ascending id order, seeded ones made as the walk reaches them.
    pub fn values(&self) -> impl Iterator<Item = Cow<'_, P>> + '_ {
        self.keys().filter_map(|id| self.get(&id))
    }

    /// Whether `id` is a seeded product that no write has touched.
    pub fn as_seeded(&self, id: u64) -> bool {
        self.seeded.holds(id) && !self.written.contains_key(&id)
    }

    /// The products created or changed since seeding, ascending by id.
    pub fn written(&self) -> impl Iterator<Item = &P> + '_ {
        self.written.values().flatten()
    }

    /// The id after the last seeded product's.
    pub fn seeded_end(&self) -> u64 {
        self.seeded.ids().end
    }
}

/// Two ascending id sequences without common ids, merged into one.
struct Ascending<A: Iterator<Item = u64>, B: Iterator<Item = u64>> {
    a: Peekable<A>,
    b: Peekable<B>,
}

impl<A: Iterator<Item = u64>, B: Iterator<Item = u64>> Iterator for Ascending<A, B> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        match (self.a.peek(), self.b.peek()) {
            (Some(a), Some(b)) if b < a => self.b.next(),
            (Some(_), _) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}
