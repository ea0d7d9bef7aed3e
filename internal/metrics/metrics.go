// Package metrics counts what a duban process does, in the Prometheus text
// format: requests by route pattern and status with their latencies, the
// database pools and writes in flight, scheduler passes, ladder steps and
// deliveries. Every method is safe on a nil *Metrics, so that tests and
// commands without metrics pass nil.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the process's counters on a registry of its own.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	passes     *prometheus.CounterVec
	steps      prometheus.Counter
	deliveries *prometheus.CounterVec
}

// New returns metrics registered with the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "duban_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "duban_http_request_duration_seconds", Help: "HTTP request latency by route pattern and method.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		passes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "duban_scheduler_passes_total", Help: "Background passes (ladder, look-backs, digests, deliveries) by result.",
		}, []string{"result"}),
		steps: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "duban_ladder_steps_total", Help: "Supervision ladder steps taken by this process.",
		}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "duban_deliveries_total", Help: "Notification deliveries attempted by this process, by result.",
		}, []string{"result"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.passes, m.steps, m.deliveries,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Series that exist from the start read 0 rather than missing.
	m.passes.WithLabelValues("ok")
	m.passes.WithLabelValues("error")
	m.deliveries.WithLabelValues("sent")
	m.deliveries.WithLabelValues("failed")
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Request records one finished request. route is the pattern it matched
// ("GET /api/v1/tasks/{id}"), never the raw path, so ids do not explode the
// series.
func (m *Metrics) Request(route, method string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(d.Seconds())
}

// Pass records one background pass: its ladder steps and deliveries.
func (m *Metrics) Pass(steps, sent, failed int, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.passes.WithLabelValues(result).Inc()
	m.steps.Add(float64(steps))
	m.deliveries.WithLabelValues("sent").Add(float64(sent))
	m.deliveries.WithLabelValues("failed").Add(float64(failed))
}

// Store is what the database collector reads.
type Store interface {
	PoolStats() map[string]sql.DBStats
	WritesInFlight() int64
}

// WatchStore adds the database pools' statistics (per pool: open, in use,
// idle, waits) and the writes in flight (queued for the writer or running).
func (m *Metrics) WatchStore(s Store) {
	if m == nil {
		return
	}
	m.reg.MustRegister(&storeCollector{s: s})
}

var (
	descOpen    = prometheus.NewDesc("duban_db_connections_open", "Open connections of a database pool.", []string{"pool"}, nil)
	descInUse   = prometheus.NewDesc("duban_db_connections_in_use", "Connections of a pool in use.", []string{"pool"}, nil)
	descIdle    = prometheus.NewDesc("duban_db_connections_idle", "Idle connections of a pool.", []string{"pool"}, nil)
	descWaits   = prometheus.NewDesc("duban_db_wait_total", "Times a caller waited for a connection of a pool.", []string{"pool"}, nil)
	descWaitSec = prometheus.NewDesc("duban_db_wait_seconds_total", "Time spent waiting for a connection of a pool.", []string{"pool"}, nil)
	descMaxOpen = prometheus.NewDesc("duban_db_connections_max", "Largest number of open connections a pool allows.", []string{"pool"}, nil)
	descWriters = prometheus.NewDesc("duban_db_writes_in_flight", "Write transactions queued for the writer or running (the writer queue).", nil, nil)
)

type storeCollector struct{ s Store }

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descOpen, descInUse, descIdle, descWaits, descWaitSec, descMaxOpen, descWriters} {
		ch <- d
	}
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	for pool, st := range c.s.PoolStats() {
		ch <- prometheus.MustNewConstMetric(descOpen, prometheus.GaugeValue, float64(st.OpenConnections), pool)
		ch <- prometheus.MustNewConstMetric(descInUse, prometheus.GaugeValue, float64(st.InUse), pool)
		ch <- prometheus.MustNewConstMetric(descIdle, prometheus.GaugeValue, float64(st.Idle), pool)
		ch <- prometheus.MustNewConstMetric(descWaits, prometheus.CounterValue, float64(st.WaitCount), pool)
		ch <- prometheus.MustNewConstMetric(descWaitSec, prometheus.CounterValue, st.WaitDuration.Seconds(), pool)
		ch <- prometheus.MustNewConstMetric(descMaxOpen, prometheus.GaugeValue, float64(st.MaxOpenConnections), pool)
	}
	ch <- prometheus.MustNewConstMetric(descWriters, prometheus.GaugeValue, float64(c.s.WritesInFlight()))
}
