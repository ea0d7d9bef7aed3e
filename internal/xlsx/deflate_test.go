package xlsx

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"testing"
)

// A part deflated a block at a time on every core inflates to what was
// written, whatever the sizes of the writes and however the blocks fall.
func TestParallelDeflaterRoundTrip(t *testing.T) {
	for _, size := range []int{0, 1, deflateBlock - 1, deflateBlock, 3*deflateBlock + 12345} {
		var in bytes.Buffer
		for i := 0; in.Len() < size; i++ {
			fmt.Fprintf(&in, "<row r=\"%d\"><c><is><t>整改举措 %d</t></is></c></row>", i, i*i%977)
		}
		want := in.Bytes()[:size]
		var out bytes.Buffer
		d := newParallelDeflater(&out)
		for rest := want; len(rest) > 0; {
			n := min(len(rest), 70001)
			if _, err := d.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(flate.NewReader(&out))
		if err != nil {
			t.Fatalf("%d bytes: %v", size, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: inflated %d bytes, not the same", size, len(got))
		}
	}
}
