package notify

import (
	"fmt"
	"strings"
)

// DigestItem is one supervised task (督办事项) in a person's daily digest.
// Fields are shown as given; Deadline is already formatted.
type DigestItem struct {
	Title    string // 事项名称
	Unit     string // 承办单位
	Deadline string // 办理时限, e.g. "2024-05-10"
	Light    string // "红灯", "黄灯" (or "red", "yellow"); anything else is 其他
	Note     string // optional, e.g. "已超期3天"
}

// digestGroup is the items under one light, in the caller's order.
type digestGroup struct {
	label string
	items []DigestItem
}

// digestFooter ends every digest.
const digestFooter = "本消息由督查督办系统自动发送。"

// Digest composes the daily digest for the person called name: the items
// grouped 红灯, 黄灯, 其他 (empty groups left out), each group in the order
// given, as plain text and as Markdown. To is left for the caller.
func Digest(name string, items []DigestItem) Message {
	name = oneLine(name)
	groups := groupByLight(items)
	counts := countGroups(groups)
	if len(items) == 0 {
		return Message{
			Subject:  "【督查督办】每日提醒：" + name + "（无待办事项）",
			Text:     name + "同志：\n\n您好！今日您没有需要关注的督办事项。\n\n" + digestFooter,
			Markdown: "### 督查督办每日提醒\n\n**" + name + "**同志：今日您没有需要关注的督办事项。\n\n> " + digestFooter,
		}
	}
	return Message{
		Subject:  "【督查督办】每日提醒：" + name + "（" + counts + "）",
		Text:     digestText(name, len(items), counts, groups),
		Markdown: digestMarkdown(name, len(items), counts, groups),
	}
}

// groupByLight sorts items into the 红灯, 黄灯 and 其他 groups, dropping
// the empty ones.
func groupByLight(items []DigestItem) []digestGroup {
	groups := []digestGroup{{label: "红灯"}, {label: "黄灯"}, {label: "其他"}}
	for _, it := range items {
		i := 2
		switch strings.ToLower(strings.TrimSpace(it.Light)) {
		case "红灯", "红", "red":
			i = 0
		case "黄灯", "黄", "yellow":
			i = 1
		}
		groups[i].items = append(groups[i].items, it)
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g.items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// countGroups returns "红灯2项、黄灯1项、其他2项".
func countGroups(groups []digestGroup) string {
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = fmt.Sprintf("%s%d项", g.label, len(g.items))
	}
	return strings.Join(parts, "、")
}

// digestText renders the plain-text digest.
func digestText(name string, total int, counts string, groups []digestGroup) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s同志：\n\n您好！今日需要您关注的督办事项共%d项：%s。请按时限办理。\n", name, total, counts)
	for _, g := range groups {
		fmt.Fprintf(&b, "\n【%s】%d项\n", g.label, len(g.items))
		for i, it := range g.items {
			fmt.Fprintf(&b, "%d. %s\n", i+1, oneLine(it.Title))
			if meta := itemMeta(it); meta != "" {
				b.WriteString("   " + meta + "\n")
			}
			if note := oneLine(it.Note); note != "" {
				b.WriteString("   备注：" + note + "\n")
			}
		}
	}
	b.WriteString("\n" + digestFooter)
	return b.String()
}

// digestMarkdown renders the digest in the Markdown subset that DingTalk
// and WeCom share: headings, bold, numbered lists, a quote. Each item is
// one list line, since both collapse a list item's continuation lines.
func digestMarkdown(name string, total int, counts string, groups []digestGroup) string {
	var b strings.Builder
	b.WriteString("### 督查督办每日提醒\n\n")
	fmt.Fprintf(&b, "**%s**同志：今日需要您关注的督办事项共%d项：%s。请按时限办理。\n", name, total, counts)
	for _, g := range groups {
		fmt.Fprintf(&b, "\n#### %s（%d项）\n\n", g.label, len(g.items))
		for i, it := range g.items {
			fmt.Fprintf(&b, "%d. **%s**", i+1, oneLine(it.Title))
			details := itemMeta(it)
			if note := oneLine(it.Note); note != "" {
				details = strings.TrimPrefix(details+"；备注："+note, "；")
			}
			if details != "" {
				b.WriteString("（" + details + "）")
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n> " + digestFooter)
	return b.String()
}

// itemMeta returns "承办单位：…；办理时限：…", leaving out empty fields.
func itemMeta(it DigestItem) string {
	var parts []string
	if u := oneLine(it.Unit); u != "" {
		parts = append(parts, "承办单位："+u)
	}
	if d := oneLine(it.Deadline); d != "" {
		parts = append(parts, "办理时限："+d)
	}
	return strings.Join(parts, "；")
}

// oneLine collapses runs of white space, line breaks included, so that a
// field cannot break the digest's layout.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
