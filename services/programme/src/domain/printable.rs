//! The archive on paper (a unit's 学习档案 folder): a self-contained HTML page that a browser
//! prints to A4 — Chinese text in the system's CJK fonts, no asset from anywhere — and the
//! CSV rows of its items.

use lt_http::csv::{CsvRow, optional};
use lt_programme::LearningRecordItem;

use super::archive::Archive;

/// `&`, `<`, `>`, `"` and `'` escaped for HTML text and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn service_zh(service: &str) -> &str {
    match service {
        "training" => "培训",
        "reading" => "读书",
        "contest" => "创新评比",
        "vision" => "愿景",
        other => other,
    }
}

/// The printable page.
pub fn html(archive: &Archive) -> String {
    let person = &archive.person;
    let mut rows = String::new();
    for item in &archive.items {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
            item.date,
            escape(service_zh(&item.service)),
            escape(&item.title),
            escape(item.mechanism.label_zh()),
            item.hours.map(|h| h.to_string()).unwrap_or_default(),
            escape(&item.status),
        ));
    }
    let mut totals = String::new();
    for total in &archive.totals {
        totals.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            total.year,
            escape(total.mechanism.label_zh()),
            escape(service_zh(&total.service)),
            total.items,
            total.hours,
        ));
    }
    let mut figures = String::new();
    for group in &archive.figures {
        for figure in &group.figures {
            figures.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>\n",
                escape(service_zh(&group.service)),
                escape(&figure.label_zh),
                escape(&figure.value),
            ));
        }
    }
    let missing = if archive.unavailable.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = archive.unavailable.iter().map(|s| service_zh(s)).collect();
        format!(
            "<p class=\"warn\">以下部分暂时无法读取，本页不含其记录：{}</p>",
            escape(&names.join("、"))
        )
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>学习档案 · {name}</title>
<style>
@page {{ size: A4; margin: 18mm 15mm; }}
body {{ font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt; color: #000; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 4mm; }}
table {{ width: 100%; border-collapse: collapse; margin-bottom: 6mm; }}
th, td {{ border: 0.3mm solid #444; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }}
th {{ background: #eee; }}
td.n {{ text-align: right; }}
tr {{ page-break-inside: avoid; }}
.who td {{ border: none; padding: 0.6mm 0; }}
.warn {{ border: 0.4mm solid #000; padding: 2mm; }}
</style>
</head>
<body>
<h1>干部学习档案</h1>
<table class="who">
<tr><td>姓名：{name}</td><td>工号：{employee_no}</td></tr>
<tr><td>单位：{unit}</td><td>职级：{rank}</td></tr>
<tr><td>期间：{period}</td><td>合计学时：{hours}</td></tr>
</table>
{missing}
<table>
<thead><tr><th>类别</th><th>项目</th><th>数值</th></tr></thead>
<tbody>
{figures}</tbody>
</table>
<table>
<thead><tr><th>日期</th><th>类别</th><th>内容</th><th>学习机制</th><th>学时</th><th>状态</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
<table>
<thead><tr><th>年度</th><th>学习机制</th><th>类别</th><th>项数</th><th>学时</th></tr></thead>
<tbody>
{totals}</tbody>
</table>
</body>
</html>
"#,
        name = escape(&person.name),
        employee_no = escape(&person.employee_no),
        unit = escape(person.org_unit_name.as_deref().unwrap_or("")),
        rank = escape(&person.rank),
        period = archive.period,
        hours = archive.total_hours,
    )
}

/// One CSV row: an item of the archive.
pub struct ItemRow<'a>(pub &'a LearningRecordItem);

impl CsvRow for ItemRow<'_> {
    const COLUMNS: &'static [&'static str] = &[
        "date",
        "service",
        "kind",
        "title",
        "mechanism",
        "key_project",
        "hours",
        "status",
        "path",
    ];

    fn cells(&self) -> Vec<String> {
        let item = self.0;
        vec![
            item.date.to_string(),
            item.service.clone(),
            item.kind.clone(),
            item.title.clone(),
            item.mechanism.label_zh().to_owned(),
            optional(item.key_project.map(|k| k.label_zh())),
            optional(item.hours),
            item.status.clone(),
            item.path.clone(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<script>"x"&'y'</script>"#),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;"
        );
    }
}
