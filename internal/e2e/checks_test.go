package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
)

// chartState is what the page tells of one chart container.
type chartState struct {
	ID       string  `json:"id"`
	Instance bool    `json:"instance"` // ECharts drew into it
	Series   int     `json:"series"`
	Points   int     `json:"points"`  // data points over all series
	NonZero  bool    `json:"nonzero"` // some point has a value above 0
	Width    float64 `json:"width"`   // of the drawing (an <svg> or a <canvas>)
	Height   float64 `json:"height"`
	Shapes   int     `json:"shapes"` // drawn shapes in the <svg>, or 1 for a <canvas>
	GridTop  float64 `json:"gridTop"`
	Fallback bool    `json:"fallback"` // the text stand-in is still shown
	Painted  bool    `json:"painted"`  // a <canvas> has non-transparent pixels (an <svg> counts as painted)
}

const chartsJS = `Array.from(document.querySelectorAll("[data-chart]"), el => {
  const c = window.echarts && echarts.getInstanceByDom(el);
  const o = c ? c.getOption() : null;
  const draw = el.querySelector("canvas, svg");
  const r = draw ? draw.getBoundingClientRect() : {width: 0, height: 0};
  const series = o ? o.series : [];
  const value = d => Array.isArray(d) ? d[1] : (d && typeof d === "object" ? d.value : d);
  return {
    id: el.id, instance: !!c, series: series.length,
    points: series.reduce((n, s) => n + (s.data || []).length, 0),
    nonzero: series.some(s => (s.data || []).some(d => Number(value(d)) > 0)),
    width: r.width, height: r.height,
    shapes: !draw ? 0 : draw.tagName.toLowerCase() === "canvas" ? 1 : draw.querySelectorAll("path, rect, polyline, polygon").length,
    gridTop: o && o.grid && o.grid[0] ? Number(o.grid[0].top) || 0 : 0,
    fallback: !!el.querySelector(".dash-chart-text"),
    painted: !draw ? false : draw.tagName.toLowerCase() !== "canvas" ? true : (() => {
      const px = draw.getContext("2d").getImageData(0, 0, draw.width, draw.height).data;
      for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) return true; }
      return false;
    })(),
  };
})`

// checkCharts asserts that the page shows the charts named by want and
// that each is drawn with data: an ECharts instance whose series have
// points above zero, a drawing of some size, and coloured marks in the
// plot area of its screenshot (the legend above the plot is left out, so
// that a chart with a legend and no data fails).
func (s *site) checkCharts(want ...string) {
	s.t.Helper()
	var charts []chartState
	deadline := time.Now().Add(10 * time.Second)
	for {
		charts = eval[[]chartState](s, chartsJS)
		ready := len(charts) > 0
		for _, c := range charts {
			ready = ready && c.Instance && c.Shapes > 0
		}
		if ready || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var ids []string
	for _, c := range charts {
		ids = append(ids, c.ID)
	}
	if !slices.Equal(ids, want) {
		s.t.Errorf("%s: charts %v, want %v", s.path(), ids, want)
	}
	time.Sleep(600 * time.Millisecond) // the charts animate for 400 ms
	for _, c := range charts {
		switch {
		case !c.Instance:
			s.t.Errorf("chart %s: ECharts did not draw it", c.ID)
			continue
		case c.Fallback:
			s.t.Errorf("chart %s: the text stand-in is still shown", c.ID)
		case c.Series == 0 || c.Points == 0 || !c.NonZero:
			s.t.Errorf("chart %s: no data (%d series, %d points, any above zero: %v)", c.ID, c.Series, c.Points, c.NonZero)
		case !c.Painted:
			s.t.Errorf("chart %s: its canvas is empty", c.ID)
		case c.Width < 100 || c.Height < 100 || c.Shapes == 0:
			s.t.Errorf("chart %s: drawing %.0f×%.0f px with %d shapes", c.ID, c.Width, c.Height, c.Shapes)
		}
		// The line charts are revealed from left to right; on a busy
		// machine the first frame can come later than the animation's
		// length, so the plot is looked at again for a few seconds.
		n := s.chartInk(c)
		for end := time.Now().Add(5 * time.Second); n < 40 && time.Now().Before(end); n = s.chartInk(c) {
			time.Sleep(250 * time.Millisecond)
		}
		if n < 40 {
			s.t.Errorf("chart %s: %d coloured pixels in its plot area, want a drawn chart", c.ID, n)
		}
	}
}

// chartInk counts the strongly coloured pixels of a chart's screenshot below
// its legend: the bars and lines, not the grey axes and labels.
func (s *site) chartInk(c chartState) int {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.ID(c.ID)))
	if err != nil {
		s.t.Fatalf("screenshot of chart %s: %v", c.ID, err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		s.t.Fatalf("screenshot of chart %s: %v", c.ID, err)
	}
	return inkBelow(img, int(c.GridTop)+4)
}

func inkBelow(img image.Image, top int) int {
	b, n := img.Bounds(), 0
	for y := b.Min.Y + top; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if a < 0x8000 {
				continue
			}
			hi, lo := max(r, g, bl)>>8, min(r, g, bl)>>8
			if hi-lo > 80 {
				n++
			}
		}
	}
	return n
}

// overflow is what sticks out of the viewport's width.
type overflow struct {
	ScrollWidth float64  `json:"scrollWidth"`
	Width       float64  `json:"width"`
	Culprits    []string `json:"culprits"`
}

// The width is the layout viewport's (documentElement.clientWidth), not
// window.innerWidth: a phone (Chromium's mobile emulation) zooms out to show
// a page wider than the screen, and innerWidth then grows with the page.
const overflowJS = `(() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= w + 1) continue;
    let contained = false;
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") { contained = p.getBoundingClientRect().right <= w + 1; break; }
    }
    if (contained) continue;
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
    out.push(name + " right=" + Math.round(r.right) + " «" + (el.innerText || "").trim().slice(0, 24) + "»");
    if (out.length >= 8) break;
  }
  return {scrollWidth: document.documentElement.scrollWidth, width: w, culprits: out};
})()`

// checkNoOverflow asserts that the page is no wider than the viewport:
// wide tables may scroll inside their wrappers, the page may not.
func (s *site) checkNoOverflow() {
	s.t.Helper()
	o := eval[overflow](s, overflowJS)
	if o.ScrollWidth > o.Width+1 {
		s.t.Errorf("%s at %.0f px wide: the page is %.0f px wide; sticking out: %s", s.path(), o.Width, o.ScrollWidth, strings.Join(o.Culprits, "; "))
	}
}

// rawKey finds message keys shown untranslated, such as "ledger.col.unit".
var rawKey = regexp.MustCompile(`\b(?:app|nav|home|col|todo|login|public|dash|ledger|adm|lang|error)\.[a-z][a-z0-9_.-]*[a-z]\b`)

// checkTranslated asserts that no message key is shown as it is.
func (s *site) checkTranslated() {
	s.t.Helper()
	body := eval[string](s, `document.body.innerText`)
	if keys := rawKey.FindAllString(body, 5); len(keys) > 0 {
		s.t.Errorf("%s shows untranslated message keys: %v", s.path(), keys)
	}
}

// today is the day the store counts from.
func today() duban.Date { return duban.DateOf(time.Now().In(duban.ChinaTime)) }

// pct writes a closure rate as the pages do.
func pct(r float64) string { return fmt.Sprintf("%.0f%%", r*100) }
