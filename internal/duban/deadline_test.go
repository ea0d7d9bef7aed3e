package duban

import (
	"slices"
	"strings"
	"testing"
)

func TestParseDeadline(t *testing.T) {
	tests := []struct {
		in       string
		wantKind DeadlineKind
		wantDate string
	}{
		{"2021-12-31", DeadlineDate, "2021-12-31"},
		{"2023.10-2024.6", DeadlineDate, "2024-06-30"},
		{"2023.10.1-2024.6.15", DeadlineDate, "2024-06-15"},
		{"2023-2024年", DeadlineDate, "2024-12-31"},
		{"2023—2025年底", DeadlineDate, "2025-12-31"},
		{"即时整改", DeadlineImmediate, ""},
		{"2021/12/31", DeadlineDate, "2021-12-31"},
		{"2021.12.31", DeadlineDate, "2021-12-31"},
		{"2021.1.5", DeadlineDate, "2021-01-05"},
		{"2021年12月31日", DeadlineDate, "2021-12-31"},
		{"2021年12月31号", DeadlineDate, "2021-12-31"},
		{"2021年12月31日前", DeadlineDate, "2021-12-31"},
		{"2021年12月31日之前完成", DeadlineDate, "2021-12-31"},
		{" 2021 年 9 月 30 日前 ", DeadlineDate, "2021-09-30"},
		{"2021年12月底", DeadlineDate, "2021-12-31"},
		{"2021年12月底前", DeadlineDate, "2021-12-31"},
		{"2021年12月底前完成", DeadlineDate, "2021-12-31"},
		{"2021年12月", DeadlineDate, "2021-12-31"},
		{"2021年11月", DeadlineDate, "2021-11-30"},
		{"2024年2月底", DeadlineDate, "2024-02-29"},
		{"2023年2月末", DeadlineDate, "2023-02-28"},
		{"2022年6月前", DeadlineDate, "2022-06-30"},
		{"2022年6月底前", DeadlineDate, "2022-06-30"},
		{"2022年6月份", DeadlineDate, "2022-06-30"},
		{"2022年6月上旬", DeadlineDate, "2022-06-10"},
		{"2022年6月中旬", DeadlineDate, "2022-06-20"},
		{"2022年6月下旬", DeadlineDate, "2022-06-30"},
		{"2022.6", DeadlineDate, "2022-06-30"},
		{"2022-06", DeadlineDate, "2022-06-30"},
		{"2022/6", DeadlineDate, "2022-06-30"},
		{"2022.6月底前", DeadlineDate, "2022-06-30"},
		{"2022年上半年", DeadlineDate, "2022-06-30"},
		{"2022年上半年前完成", DeadlineDate, "2022-06-30"},
		{"2022年下半年", DeadlineDate, "2022-12-31"},
		{"2022年底", DeadlineDate, "2022-12-31"},
		{"2022年底前", DeadlineDate, "2022-12-31"},
		{"2022年年底", DeadlineDate, "2022-12-31"},
		{"2022年年底前完成整改", DeadlineDate, "2022-12-31"},
		{"2022年末", DeadlineDate, "2022-12-31"},
		{"2022年内", DeadlineDate, "2022-12-31"},
		{"2022年", DeadlineDate, "2022-12-31"},
		{"2022年第一季度", DeadlineDate, "2022-03-31"},
		{"2022年一季度", DeadlineDate, "2022-03-31"},
		{"2022年第二季度末", DeadlineDate, "2022-06-30"},
		{"2022年第3季度", DeadlineDate, "2022-09-30"},
		{"2022年四季度前", DeadlineDate, "2022-12-31"},
		{"２０２１年１２月３１日", DeadlineDate, "2021-12-31"},
		{"２０２２．６", DeadlineDate, "2022-06-30"},
		{"二〇二一年十二月三十一日", DeadlineDate, "2021-12-31"},
		{"二〇二二年六月底前", DeadlineDate, "2022-06-30"},
		{"2021-12-31 00:00:00", DeadlineDate, "2021-12-31"},
		{"2021年9月底前完成，2022年6月底前见效", DeadlineDate, "2022-06-30"},
		{"2021年12月底前完成制度修订", DeadlineDate, "2021-12-31"},
		{"每年12月底前报送", DeadlineLongTerm, ""},
		{"定期开展", DeadlineLongTerm, ""},
		{"立行立改", DeadlineImmediate, ""},
		{"立即整改", DeadlineImmediate, ""},
		{"即知即改", DeadlineImmediate, ""},
		{"立知立改", DeadlineImmediate, ""},
		{"24年6月底", DeadlineDate, "2024-06-30"},
		{"25年上半年完成", DeadlineDate, "2025-06-30"},
		{"2024年度内", DeadlineDate, "2024-12-31"},
		{"立行立改，2021年9月30日前完成", DeadlineImmediate, "2021-09-30"},
		{"长期坚持", DeadlineLongTerm, ""},
		{"持续推进", DeadlineLongTerm, ""},
		{"长期", DeadlineLongTerm, ""},
		{"持续整改", DeadlineLongTerm, ""},
		{"常态化", DeadlineLongTerm, ""},
		{"常态化推进", DeadlineLongTerm, ""},
		{"立行立改并长期坚持", DeadlineLongTerm, ""},
		{"立行立改，长期坚持", DeadlineLongTerm, ""},
		{"2021年12月底前完成，长期坚持", DeadlineLongTerm, "2021-12-31"},
		{"2021年12月31日前完成，长期坚持", DeadlineLongTerm, "2021-12-31"},
		{"2022年6月底前取得阶段性成效并长期坚持", DeadlineLongTerm, "2022-06-30"},
		{"2024年12月底前，并建立长效机制", DeadlineDate, "2024-12-31"},
		{"2022年5月底前（汛期前）", DeadlineDate, "2022-05-31"},
		{"2024年12月底前，纳入2024年度考核", DeadlineDate, "2024-12-31"},
		{"长期坚持，纳入2024年度考核", DeadlineLongTerm, "2024-12-31"},
		{"2024年汛期前完成，长期坚持", DeadlineLongTerm, ""},
		{"自2024年3月起建立常态化督查制度", DeadlineLongTerm, "2024-03-31"},
		{"2024年3月起建立长效机制", DeadlineLongTerm, "2024-03-31"},
		{"2024年6月底前建立健全常态化监管机制", DeadlineDate, "2024-06-30"},
		{"2024年6月底前建立长效机制，长期坚持", DeadlineLongTerm, "2024-06-30"},
		{"建立长效机制", DeadlineLongTerm, ""},
		{"2022年6月-12月", DeadlineDate, "2022-12-31"},
		{"2022年6月—12月底", DeadlineDate, "2022-12-31"},
		{"2022年3至6月", DeadlineDate, "2022-06-30"},
		// Stages of one year, the later month without its year: the last.
		{"2024年6月底前完成制度修订，12月底前全面完成", DeadlineDate, "2024-12-31"},
		{"2024年6月、12月", DeadlineDate, "2024-12-31"},
		{"2022年3-6月", DeadlineDate, "2022-06-30"},
		{"2022年6月1日-9月15日", DeadlineDate, "2022-09-15"},
		{"2022年10月-3月", DeadlineDate, "2023-03-31"},
		{"2022年6月—2023年6月", DeadlineDate, "2023-06-30"},
		{"2022年6月至2023年6月底", DeadlineDate, "2023-06-30"},
		{"已完成", DeadlineImmediate, ""},
		{"2023年12月31", DeadlineDate, "2023-12-31"},
		{"2023年12月31前", DeadlineDate, "2023-12-31"},
		{"20231231", DeadlineDate, "2023-12-31"},
		{"已整改。", DeadlineImmediate, ""},
		{"（已完成）", DeadlineImmediate, ""},
		{"2021年12月31日24时", DeadlineDate, "2021-12-31"},
		{"2021年12月31日24时前", DeadlineDate, "2021-12-31"},
		{"2022年6月30日18:00前完成", DeadlineDate, "2022-06-30"},
		{"2022年6月30日17时30分前", DeadlineDate, "2022-06-30"},
		{"2024年春节前", DeadlineDate, "2024-02-09"},
		{"2025年春节前完成", DeadlineDate, "2025-01-28"},
		{"2024年元旦前", DeadlineDate, "2023-12-31"},
		{"2024年国庆节前", DeadlineDate, "2024-09-30"},
		{"2023年中秋节前", DeadlineDate, "2023-09-28"},
		{"2024年端午节前", DeadlineDate, "2024-06-09"},
		{"2024年清明节前", DeadlineDate, "2024-04-03"},
		{"2024年五一前", DeadlineDate, "2024-04-30"},
		{"2024年春节放假前", DeadlineDate, "2024-02-09"},
		{"2024年春节前完成，长期坚持", DeadlineLongTerm, "2024-02-09"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			kind, d, err := ParseDeadline(tt.in)
			if err != nil {
				t.Fatalf("ParseDeadline(%q): %v", tt.in, err)
			}
			if kind != tt.wantKind || d.String() != tt.wantDate {
				t.Errorf("ParseDeadline(%q) = %s %q, want %s %q", tt.in, kind, d, tt.wantKind, tt.wantDate)
			}
		})
	}
}

func TestParseDeadlineInvalid(t *testing.T) {
	tests := []struct {
		in   string
		want string // in the message
	}{
		{"", "请填写完成时限"},
		{"   ", "请填写完成时限"},
		{"下个月吧", "无法识别的完成时限“下个月吧”"},
		{"12月底前", "未写年份"},
		{"六月底前", "未写年份"},
		{"2022年6月-13月", "月份“13”不存在"},
		// A later month before the earlier (the next year's, likely) and a
		// schedule are not stages of one year: refused as before.
		{"2024年11月、3月", "无法识别"},
		{"2024年3月、6月、9月、12月各报送一次", "无法识别"},
		{"年底前", "未写年份"},
		{"春节前", "未写年份"},
		{"国庆节前完成", "未写年份"},
		{"限期整改", "无法识别"},
		{"2021年12月31日25时30", "无法识别"},
		{"2021年12月31日25时", "无法识别"},
		{"2021年2月30日", "不存在"},
		{"2021-13-01", "月份“13”不存在"},
		{"2021年13月", "月份“13”不存在"},
		{"0001年1月1日", "年份“1”不合理"},
		{"2021.12.312", "无法识别"},
		{"尽快", "无法识别"},
		{"2022年汛期前", "“汛期”各地各年日期不同"},
		{"2023年秋季开学前完成", "“开学”各地各年日期不同"},
		{"2024年度主汛期前", "请写明具体日期（如 2024年5月31日前）"},
		{"2023年秋季学期开学前", "“开学”各地各年日期不同"},
		{"2024年村（社区）换届前", "“换届”各地各年日期不同"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			kind, d, err := ParseDeadline(tt.in)
			if err == nil {
				t.Fatalf("ParseDeadline(%q) = %s %s, want an error", tt.in, kind, d)
			}
			if ErrorCode(err) != Invalid {
				t.Errorf("code = %s, want %s", ErrorCode(err), Invalid)
			}
			msg := ErrorMessage(err)
			if !strings.Contains(msg, tt.want) || !strings.Contains(msg, "请写作") {
				t.Errorf("message = %q, want it to contain %q and the expected forms", msg, tt.want)
			}
		})
	}
}

// TestParseDeadlineIn: a ledger of one year may leave the year out of its
// deadlines; they are read in the year given, and say so. A deadline with
// its own year, a keyword, or no year to give is read as ParseDeadline reads it.
func TestParseDeadlineIn(t *testing.T) {
	tests := []struct {
		in        string
		year      int
		wantKind  DeadlineKind
		wantDate  string
		wantGiven bool
	}{
		{"6月底前", 2022, DeadlineDate, "2022-06-30", true},
		{"六月底前", 2022, DeadlineDate, "2022-06-30", true},
		{"12月31日前完成", 2022, DeadlineDate, "2022-12-31", true},
		{"6月-9月", 2022, DeadlineDate, "2022-09-30", true},
		{"每年6月底前报送", 2022, DeadlineLongTerm, "", false},
		{"2023年6月底前", 2022, DeadlineDate, "2023-06-30", false},
		{"立行立改", 2022, DeadlineImmediate, "", false},
		{"年底前", 2022, DeadlineDate, "2022-12-31", true},
		{"本年底完成", 2022, DeadlineDate, "2022-12-31", true},
		{"上半年", 2022, DeadlineDate, "2022-06-30", true},
		{"三季度末", 2022, DeadlineDate, "2022-09-30", true},
		{"本年度内", 2022, DeadlineDate, "2022-12-31", true},
		{"年度内完成", 2022, DeadlineDate, "2022-12-31", true},
	}
	for _, tt := range tests {
		kind, d, given, err := ParseDeadlineIn(tt.in, tt.year)
		if err != nil || kind != tt.wantKind || d.String() != tt.wantDate || given != tt.wantGiven {
			t.Errorf("ParseDeadlineIn(%q, %d) = %s %q %v %v, want %s %q %v", tt.in, tt.year, kind, d, given, err, tt.wantKind, tt.wantDate, tt.wantGiven)
		}
	}
	for _, in := range []string{"6月底前", "下个月", "年底前"} {
		if _, _, _, err := ParseDeadlineIn(in, 0); ErrorCode(err) != Invalid {
			t.Errorf("ParseDeadlineIn(%q, no year): %v, want Invalid", in, err)
		}
	}
	// Which 春节 a ledger means is not its year's: left for the clerk.
	if _, _, _, err := ParseDeadlineIn("春节前", 2022); ErrorCode(err) != Invalid || !strings.Contains(ErrorMessage(err), "未写年份") {
		t.Errorf("春节前 in 2022: %v, want Invalid saying no year is written", err)
	}
	if _, _, _, err := ParseDeadlineIn("6月31日", 2022); ErrorCode(err) != Invalid {
		t.Errorf("6月31日 in 2022: %v, want Invalid", err)
	}
}

func TestDeadlineLabel(t *testing.T) {
	tests := []struct {
		kind DeadlineKind
		date string
		want string
	}{
		{DeadlineDate, "2021-12-31", "2021年12月31日"},
		{"", "2022-06-30", "2022年6月30日"},
		{DeadlineDate, "", ""},
		{"", "", ""},
		{DeadlineImmediate, "", "立行立改"},
		{DeadlineLongTerm, "", "长期坚持"},
		{DeadlineLongTerm, "2021-12-31", "2021年12月31日前完成，长期坚持"},
		{DeadlineImmediate, "2021-09-30", "立行立改，2021年9月30日前完成"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+" "+tt.date, func(t *testing.T) {
			var d Date
			if tt.date != "" {
				d = MustDate(tt.date)
			}
			got := DeadlineLabel(tt.kind, d)
			if got != tt.want {
				t.Fatalf("DeadlineLabel = %q, want %q", got, tt.want)
			}
			if got == "" {
				return
			}
			// A label reads back as what it shows.
			kind, back, err := ParseDeadline(got)
			wantKind := tt.kind
			if wantKind == "" {
				wantKind = DeadlineDate
			}
			if err != nil || kind != wantKind || back != d {
				t.Errorf("ParseDeadline(%q) = %s %s %v, want %s %s", got, kind, back, err, wantKind, d)
			}
		})
	}
}

func TestSplitUnits(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"市发改委、市工信局按职责分工负责", []string{"市发改委", "市工信局"}},
		{"各县区分别负责", []string{"各县区"}},
		{"  ", nil},
		{"省科技厅", []string{"省科技厅"}},
		{"省科技厅、省财政厅，各设区市", []string{"省科技厅", "省财政厅", "各设区市"}},
		{"省科技厅,省财政厅;延安市", []string{"省科技厅", "省财政厅", "延安市"}},
		{"省科技厅；省财政厅", []string{"省科技厅", "省财政厅"}},
		{"省科技厅\n省财政厅\r\n\n延安市", []string{"省科技厅", "省财政厅", "延安市"}},
		{" 省科技厅 、、省财政厅、 ", []string{"省科技厅", "省财政厅"}},
		{"省科技厅、省财政厅、省科技厅", []string{"省科技厅", "省财政厅"}},
		{"各设区市（含杨凌示范区、西咸新区）、省财政厅", []string{"各设区市（含杨凌示范区、西咸新区）", "省财政厅"}},
		{"省人力资源和社会保障厅、省教育厅。", []string{"省人力资源和社会保障厅", "省教育厅"}},
		{"财 政 局", []string{"财政局"}},
		{"办公室 人事科", []string{"办公室", "人事科"}},
		{"审计科等", []string{"审计科"}},
		{"财政局及所属各单位、税务局及各科室", []string{"财政局", "税务局"}},
		{"1、发改委\n2、住建局；3、自然资源局", []string{"发改委", "住建局", "自然资源局"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SplitUnits(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("SplitUnits(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{
		"2021-12-31", "2021年12月底前", "2022.6", "2022年上半年", "2022年第一季度", "立行立改",
		"长期坚持", "2021年12月底前完成，长期坚持", "下个月吧", "二〇二一年十二月三十一日", "十十十月", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind, d, err := ParseDeadline(s)
		if err != nil {
			if ErrorCode(err) != Invalid {
				t.Fatalf("ParseDeadline(%q) error code %s, want %s", s, ErrorCode(err), Invalid)
			}
			return
		}
		switch kind {
		case DeadlineDate:
			if d.IsZero() {
				t.Fatalf("ParseDeadline(%q) gave a date kind with no date", s)
			}
		case DeadlineImmediate, DeadlineLongTerm:
		default:
			t.Fatalf("ParseDeadline(%q) gave kind %q", s, kind)
		}
	})
}
