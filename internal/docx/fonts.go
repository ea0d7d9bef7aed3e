package docx

import (
	_ "embed"
)

//go:embed fonts.conf
var fontConf []byte

// FontConfig returns a fontconfig file that maps the official Chinese font
// names the documents use (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体)
// to free fonts packaged by Debian (Noto Serif CJK SC bold, AR PL SungtiL GB,
// AR PL KaitiM GB, WenQuanYi Zen Hei or Noto Sans CJK SC), and includes the
// system configuration. Write it to a file and pass that file's path in the
// FONTCONFIG_FILE environment variable when converting with LibreOffice;
// without it LibreOffice falls back to a sans-serif CJK font for every run.
func FontConfig() []byte {
	return append([]byte(nil), fontConf...)
}
