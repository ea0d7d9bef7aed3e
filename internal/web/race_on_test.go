//go:build race

package web_test

// raceDetector tells tests that the race detector multiplies the memory the
// process holds, so resident-size limits meant for a real server do not apply.
const raceDetector = true
