package xlsx

import (
	"io"

	"duban/internal/duban"
)

// ReadWhile reads a ledger workbook as Read does while write, on the
// caller's goroutine, takes its outline from a feed (ReadTo), so that a
// large ledger is written as it is read. It returns the ledger, or the
// reader's Invalid error when r is not a workbook; and write's error,
// except when the ledger has bad cells: the feed then failed, write's error
// is only that, and the ledger's Errors say what is wrong. write must give
// up when the feed fails and keep nothing of it (store.ImportFeed does).
func ReadWhile(r io.Reader, write func(*duban.OutlineFeed) error) (*Ledger, error) {
	type read struct {
		l   *Ledger
		err error
	}
	feed := duban.NewOutlineFeed()
	done := make(chan read, 1)
	go func() {
		// A panic on a strange file fails the feed (and the request) here,
		// where no server's recovery would see it, instead of the process.
		defer func() {
			if v := recover(); v != nil {
				err := duban.Errorf(duban.Invalid, "无法读取该文件：工作簿的结构无法识别（%v），请用 Excel 或 WPS 另存为 .xlsx 后重新上传", v)
				feed.Close(err)
				done <- read{nil, err}
			}
		}()
		l, err := ReadTo(r, feed)
		done <- read{l, err}
	}()
	werr := write(feed)
	got := <-done
	switch {
	case got.err != nil:
		return nil, got.err
	case len(got.l.Errors) > 0:
		return got.l, nil
	}
	return got.l, werr
}
