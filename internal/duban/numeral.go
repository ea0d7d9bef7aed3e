package duban

import "strings"

var numeralDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// ChineseNumeral writes n ≥ 1 as documents number items: 一, 十, 十二,
// 二十, 一百, 一百零五, 一百一十, 一千零一, 一万, 一万零一十. It writes n < 1 as 零.
// Every numbering of the code base (一、 （一） 一是) goes through it, so
// that a list of any length is numbered right.
func ChineseNumeral(n int) string {
	if n < 1 {
		return "零"
	}
	var b strings.Builder
	if high := n / 10000; high > 0 {
		b.WriteString(ChineseNumeral(high))
		b.WriteString("万")
		n %= 10000
		if n == 0 {
			return b.String()
		}
		if n < 1000 {
			b.WriteString("零")
		}
		b.WriteString(section(n, false))
		return b.String()
	}
	return section(n, true)
}

// section writes 1 ≤ n ≤ 9999; alone says whether it is the whole number,
// where 10–19 read 十… rather than 一十….
func section(n int, alone bool) string {
	units := []string{"千", "百", "十", ""}
	div := []int{1000, 100, 10, 1}
	var b strings.Builder
	zero := false
	for i, d := range div {
		digit := n / d % 10
		if digit == 0 {
			zero = b.Len() > 0
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		if !(alone && d == 10 && n < 20) {
			b.WriteString(numeralDigits[digit])
		}
		b.WriteString(units[i])
	}
	return b.String()
}

// ParseChineseNumeral reads a count written in Arabic or Chinese numerals
// (697, 十三, 二十二, 一百零五, 一百一十, 两千, 一万零一) and reports whether
// s was one.
func ParseChineseNumeral(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	total, section, cur := 0, 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			cur = cur*10 + int(r-'0')
		case r >= '０' && r <= '９':
			cur = cur*10 + int(r-'０')
		case r == '两':
			cur = 2
		case r == '〇' || r == '零' || r == '○':
			cur = 0
		case strings.ContainsRune("一二三四五六七八九", r):
			cur = strings.IndexRune("一二三四五六七八九", r)/len("一") + 1
		case r == '十' || r == '百' || r == '千':
			unit := map[rune]int{'十': 10, '百': 100, '千': 1000}[r]
			section += max(cur, 1) * unit
			cur = 0
		case r == '万':
			total += (section + cur) * 10000
			section, cur = 0, 0
		default:
			return 0, false
		}
	}
	return total + section + cur, true
}
