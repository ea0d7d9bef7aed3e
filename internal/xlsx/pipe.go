package xlsx

// pipeChunk is how many values pipe hands over at a time: enough that the
// hand-over costs little beside the work on them.
const pipeChunk = 256

// pipe runs produce in a goroutine of its own and hands what it emits, in
// order and a chunk at a time, to consume in the caller's goroutine, so
// that reading a large ledger's rows and sizing or writing them share the
// machine's cores. When consume returns false, emit returns false from
// then on. pipe returns produce's error.
func pipe[T any](produce func(emit func(T) bool) error, consume func(T) bool) error {
	chunks := make(chan []T, 4)
	stop := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		defer close(chunks)
		chunk := make([]T, 0, pipeChunk)
		send := func() bool {
			select {
			case chunks <- chunk:
				chunk = make([]T, 0, pipeChunk)
				return true
			case <-stop:
				return false
			}
		}
		err := produce(func(v T) bool {
			chunk = append(chunk, v)
			return len(chunk) < pipeChunk || send()
		})
		if err == nil && len(chunk) > 0 {
			send()
		}
		errc <- err
	}()
	for c := range chunks {
		for _, v := range c {
			if !consume(v) {
				close(stop)
				for range chunks { // let the producer see the stop and finish
				}
				return <-errc
			}
		}
	}
	return <-errc
}
