package xlsx

import (
	"bytes"
	"testing"
)

// FuzzReadLedger checks that no file makes ReadLedger panic, and that a
// ledger it reads is usable. Seeds: testdata/fuzz/FuzzReadLedger.
func FuzzReadLedger(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		o, cells, err := ReadLedger(bytes.NewReader(data))
		if err != nil {
			return
		}
		if o == nil {
			t.Fatalf("no outline and no error (%d cell errors)", len(cells))
		}
		o.Counts()
	})
}
