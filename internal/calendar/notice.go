package calendar

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"duban/internal/duban"
)

// ParseArrangement reads a year's holiday arrangement as people paste it:
// the lines of the State Council's notice (国务院办公厅关于部分节假日安排的
// 通知), such as
//
//	二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
//
// or one exception a line, "2025-01-28 至 2025-02-04 春节 休" and
// "2025-01-26 春节调休 班" (dates as users write them). Lines that are
// neither (the notice's title and preamble) are skipped; a line that names
// a holiday or 上班 but whose dates cannot be read is an error naming the
// line. Dates of a 元旦 line in December belong to the year before.
func ParseArrangement(year int, text string) ([]Day, error) {
	var days []Day
	var bad []string
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		got, ok, err := parseSimpleLine(line)
		if !ok {
			got, ok, err = parseNoticeLine(year, line)
		}
		if err != nil {
			bad = append(bad, fmt.Sprintf("第%d行：%s", i+1, err))
			continue
		}
		if ok {
			days = append(days, got...)
		}
	}
	if len(bad) > 0 {
		return nil, &duban.Error{Code: duban.Invalid, Message: "节假日安排有无法识别的行：" + strings.Join(bad, "；"), Fields: map[string]string{"text": strings.Join(bad, "；")}}
	}
	return days, nil
}

var (
	simpleLine  = regexp.MustCompile(`^(\S+?)(?:\s*(?:至|~|～|—)\s*(\S+?))?\s+(\S+)\s+(休|班|放假|上班)$`)
	noticeHead  = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、)?([^：:]{1,20})[：:](.*)$`)
	parenthesis = regexp.MustCompile(`（[^）]*）|\([^)]*\)`)
	monthDay    = regexp.MustCompile(`(?:(\d{1,2})月)?(\d{1,2})日`)
)

// parseSimpleLine reads "date [至 date] name 休|班"; false when the line is
// not of that form.
func parseSimpleLine(line string) ([]Day, bool, error) {
	m := simpleLine.FindStringSubmatch(line)
	if m == nil {
		return nil, false, nil
	}
	from, err := duban.ParseDate(m[1])
	if err != nil {
		return nil, false, nil // not a date: perhaps a notice line with spaces
	}
	to := from
	if m[2] != "" {
		if to, err = duban.ParseDate(m[2]); err != nil {
			return nil, true, fmt.Errorf("结束日期“%s”无法识别", m[2])
		}
	}
	work := m[4] == "班" || m[4] == "上班"
	return dayRange(from, to, m[3], work)
}

// parseNoticeLine reads one item of the State Council's notice; false when
// the line is not one (a title, a preamble).
func parseNoticeLine(year int, line string) ([]Day, bool, error) {
	m := noticeHead.FindStringSubmatch(line)
	if m == nil || !strings.Contains(m[2], "放假") && !strings.Contains(m[2], "上班") {
		return nil, false, nil
	}
	name := strings.TrimSpace(m[1])
	var out []Day
	for _, sentence := range strings.FieldsFunc(parenthesis.ReplaceAllString(m[2], ""), func(r rune) bool { return r == '。' || r == '；' || r == ';' }) {
		dates := monthDay.FindAllStringSubmatch(sentence, -1)
		switch {
		case strings.Contains(sentence, "放假"):
			if len(dates) == 0 {
				return nil, true, fmt.Errorf("“%s”没有放假日期", name)
			}
			from, err := noticeDate(year, name, 0, dates[0])
			if err != nil {
				return nil, true, err
			}
			to := from
			if len(dates) > 1 && strings.Contains(sentence, "至") {
				if to, err = noticeDate(year, name, int(from.Time().Month()), dates[1]); err != nil {
					return nil, true, err
				}
			}
			got, _, err := dayRange(from, to, name, false)
			if err != nil {
				return nil, true, err
			}
			out = append(out, got...)
		case strings.Contains(sentence, "上班"):
			for _, d := range dates {
				day, err := noticeDate(year, name, 0, d)
				if err != nil {
					return nil, true, err
				}
				out = append(out, Day{Date: day, Workday: true, Name: name + "调休"})
			}
		}
	}
	if len(out) == 0 {
		return nil, true, fmt.Errorf("“%s”没有日期", name)
	}
	return out, true, nil
}

// noticeDate makes the date of "M月D日" (or "D日" in month) of the notice's
// year; a 元旦 date in December is the year before's.
func noticeDate(year int, name string, month int, m []string) (duban.Date, error) {
	if m[1] != "" {
		month, _ = strconv.Atoi(m[1])
	}
	day, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return duban.Date{}, fmt.Errorf("日期“%s”无效", m[0])
	}
	if month == 12 && strings.Contains(name, "元旦") {
		year--
	}
	d := duban.NewDate(year, time.Month(month), day)
	if int(d.Time().Month()) != month {
		return duban.Date{}, fmt.Errorf("日期“%s”不存在", m[0])
	}
	return d, nil
}

// dayRange returns every day from from to to, named and of one kind; at
// most 31 days.
func dayRange(from, to duban.Date, name string, work bool) ([]Day, bool, error) {
	if to.Before(from) || from.DaysUntil(to) > 30 {
		return nil, true, fmt.Errorf("“%s”的日期范围无效（结束早于开始或超过31天）", name)
	}
	var out []Day
	for d := from; !to.Before(d); d = d.AddDays(1) {
		out = append(out, Day{Date: d, Workday: work, Name: name})
	}
	return out, true, nil
}
