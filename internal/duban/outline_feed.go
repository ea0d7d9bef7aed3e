package duban

import "sync"

// An OutlineFeed hands an outline over while it is being read, so that a
// ledger of many rows can be written as it is read instead of after: the
// reader adds each node when it first meets it and each measure once no
// later row can change it, and says when the outline's Meta is settled;
// the writer takes them in that order. The reader never waits for the
// writer. Close ends the feed; a feed closed with an error (a file with bad
// cells) must leave nothing written.
//
// What the feed has handed over is not changed afterwards: a node's Kind,
// Title and Text, a measure's fields, and Meta once settled. A node's
// Measures and Children still grow while the reader goes on, so the writer
// must not read them.
type OutlineFeed struct {
	Outline *Outline
	// Watch, when set before reading starts, is called by the reader with
	// each step as it hands it over, before the writer can take it.
	Watch func(FeedStep)

	mu      sync.Mutex
	changed *sync.Cond
	steps   []FeedStep
	settled bool
	closed  bool
	err     error
	asked   int // the highest step a writer has asked for, plus one
}

// A FeedStep is one node (Measure nil), with the node above it (nil at the
// top), or one measure of Node.
type FeedStep struct {
	Node, Parent *OutlineNode
	Measure      *OutlineMeasure
}

// NewOutlineFeed returns a feed of an empty outline, which its reader fills.
func NewOutlineFeed() *OutlineFeed {
	f := &OutlineFeed{Outline: &Outline{Aspects: []*OutlineNode{}}}
	f.changed = sync.NewCond(&f.mu)
	return f
}

func (f *OutlineFeed) add(s ...FeedStep) {
	if f == nil {
		return
	}
	if f.Watch != nil {
		for _, s := range s {
			f.Watch(s)
		}
	}
	f.mu.Lock()
	f.steps = append(f.steps, s...)
	f.mu.Unlock()
	f.changed.Broadcast()
}

// Node hands over a node the reader has just made, under parent.
func (f *OutlineFeed) Node(n, parent *OutlineNode) { f.add(FeedStep{Node: n, Parent: parent}) }

// Measures hands over measures of n that no later row can change.
func (f *OutlineFeed) Measures(n *OutlineNode, ms []*OutlineMeasure) {
	if f == nil || len(ms) == 0 {
		return
	}
	steps := make([]FeedStep, len(ms))
	for i, m := range ms {
		steps[i] = FeedStep{Node: n, Measure: m}
	}
	f.add(steps...)
}

// Settle says the outline's Meta will not change any more.
func (f *OutlineFeed) Settle() {
	if f == nil {
		return
	}
	f.mu.Lock()
	f.settled = true
	f.mu.Unlock()
	f.changed.Broadcast()
}

// Close ends the feed: err nil when the whole outline was read and is
// good, else why it must not be written.
func (f *OutlineFeed) Close(err error) {
	if f == nil {
		return
	}
	f.mu.Lock()
	f.settled, f.closed, f.err = true, true, err
	f.mu.Unlock()
	f.changed.Broadcast()
}

// Meta waits until the outline's Meta is settled, or the feed failed.
func (f *OutlineFeed) Meta() (OutlineMeta, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !f.settled {
		f.changed.Wait()
	}
	if f.err != nil {
		return OutlineMeta{}, f.err
	}
	return f.Outline.Meta, nil
}

// Step waits for step i and returns it; false once the feed ended before
// it. The feed's error is returned as soon as the feed fails, whatever i.
func (f *OutlineFeed) Step(i int) (FeedStep, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = max(f.asked, i+1)
	for i >= len(f.steps) && !f.closed {
		f.changed.Wait()
	}
	if f.err != nil {
		return FeedStep{}, false, f.err
	}
	if i >= len(f.steps) {
		return FeedStep{}, false, nil
	}
	return f.steps[i], true, nil
}

// Ready reports whether Step(i) would return at once; the writer asks for
// step i as Step does.
func (f *OutlineFeed) Ready(i int) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = max(f.asked, i+1)
	return i < len(f.steps) || f.closed
}

// Asked returns how many steps the writer has asked for (the last of them
// perhaps not given yet): how far writing has followed reading.
func (f *OutlineFeed) Asked() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.asked
}

// Complete reports whether the reader has finished without an error: every
// step is known and may be kept. A feed that failed is never complete.
func (f *OutlineFeed) Complete() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closed && f.err == nil
}

// Wait waits for the reader to finish and returns the feed's error.
func (f *OutlineFeed) Wait() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !f.closed {
		f.changed.Wait()
	}
	return f.err
}
