package docx

// Page geometry in twips (1/1440 inch; 1 mm = 56.69 twips), after GB/T
// 9704-2012 clause 5:
//
//	paper        A4 210 × 297 mm            11906 × 16838
//	top (天头)   37 mm                       2098
//	left (订口)  28 mm                       1588
//	type area    156 × 225 mm                8844 × 12756
//	right        210 − 28 − 156 = 26 mm      1474
//	bottom       297 − 37 − 225 = 35 mm      1984
//
// The type area holds 22 lines of 28 characters of 3号 (16 pt) text:
// the line pitch is 12756 / 22 = 579.8, rounded down to 579 twips (28.95 pt),
// and the character pitch is 8844 / 28 = 315.9 twips (15.79 pt), a little
// less than the 16 pt font size.
//
// Lines: the section has a line grid (w:docGrid type="lines") of 579 twips
// and every paragraph an exact line spacing of 579 twips, so that each
// renderer gives 22 lines a page whatever the font's own line height; the
// title paragraphs do not snap to the grid, so 2号 lines take one line each.
//
// Characters: 3号 runs are condensed by 0.25 pt (w:spacing -5), so that 28
// characters of 15.75 pt fit the 442.2 pt line with natural layout, in Word
// and LibreOffice alike. Options.CharGrid writes Word's character grid as
// well: w:charSpace is the character pitch minus the default font size, in
// 1/4096 pt: (15.79 − 16) × 4096 = −849.
const (
	pageWidth    = 11906
	pageHeight   = 16838
	marginTop    = 2098
	marginBottom = 1984
	marginLeft   = 1588
	marginRight  = 1474

	// footerDistance is the distance from the bottom edge of the paper to
	// the bottom of the page-number line (26 mm), which puts the dashes of
	// "— N —" 7 mm below the type area (clause 7.5; measured in the PDF
	// that LibreOffice makes).
	footerDistance = 1474
	headerDistance = 851 // 15 mm; no header is written

	linesPerPage = 22
	charsPerLine = 28
	linePitch    = (pageHeight - marginTop - marginBottom) / linesPerPage // 579
	charSpace    = -849

	// bodyCharSpacing condenses 3号 runs by 0.25 pt (in twentieths of a
	// point): 28 × 15.75 pt = 441 pt fits the 442.2 pt line.
	bodyCharSpacing = -5

	// charTwips is one character of the grid, for indents given in twips.
	charTwips = (pageWidth - marginLeft - marginRight + charsPerLine/2) / charsPerLine // 316
)

// Font sizes in half-points, as w:sz takes them.
const (
	size2 = 44 // 2号, 22 pt: title
	size3 = 32 // 3号, 16 pt: body and headings
	size4 = 28 // 4号, 14 pt: page numbers
)

// titleLineWidth is how much 2号 text fits on one line, in hundredths of a
// character (see width): 442 pt / 22 pt = 20 characters.
const titleLineWidth = 2000
