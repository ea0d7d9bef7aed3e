package xlsx

import (
	"bytes"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"
)

// deflateBlock is how much of a part is compressed at a time: large
// enough that the blocks' independent dictionaries cost next to nothing.
const deflateBlock = 1 << 20

// deflaters keeps the compressors between blocks: each holds large tables.
var deflaters = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(io.Discard, flate.DefaultCompression)
	return fw
}}

// parallelDeflater deflates what is written to it a block at a time on
// every core, and writes the blocks in order as one deflate stream: each
// block ends with a sync flush (not final), and an empty final block closes
// the stream. The sheet of a large ledger is most of the workbook and was
// otherwise compressed on one core while the other waited.
type parallelDeflater struct {
	w       io.Writer
	buf     []byte
	pending []chan []byte // compressed blocks, in order
	err     error
}

func newParallelDeflater(w io.Writer) *parallelDeflater {
	return &parallelDeflater{w: w, buf: make([]byte, 0, deflateBlock)}
}

func (d *parallelDeflater) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && d.err == nil {
		k := min(len(p), deflateBlock-len(d.buf))
		d.buf, p = append(d.buf, p[:k]...), p[k:]
		if len(d.buf) == deflateBlock {
			d.submit()
		}
	}
	if d.err != nil {
		return 0, d.err
	}
	return n, nil
}

// submit compresses the block in a goroutine, after writing out the oldest
// blocks when as many are under way as there are cores.
func (d *parallelDeflater) submit() {
	for len(d.pending) >= runtime.GOMAXPROCS(0) {
		d.writeOldest()
	}
	in := d.buf
	d.buf = make([]byte, 0, deflateBlock)
	out := make(chan []byte, 1)
	d.pending = append(d.pending, out)
	go func() {
		var b bytes.Buffer
		fw := deflaters.Get().(*flate.Writer)
		fw.Reset(&b)
		_, _ = fw.Write(in) // writes to a bytes.Buffer do not fail
		_ = fw.Flush()
		deflaters.Put(fw)
		out <- b.Bytes()
	}()
}

func (d *parallelDeflater) writeOldest() {
	b := <-d.pending[0]
	d.pending = d.pending[1:]
	if d.err == nil {
		_, d.err = d.w.Write(b)
	}
}

// Close compresses what is left and ends the stream.
func (d *parallelDeflater) Close() error {
	if len(d.buf) > 0 {
		d.submit()
	}
	for len(d.pending) > 0 {
		d.writeOldest()
	}
	if d.err != nil {
		return d.err
	}
	fw := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(fw)
	fw.Reset(d.w)
	return fw.Close() // an empty final block
}
