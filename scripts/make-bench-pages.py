#!/usr/bin/env python3
"""Writes a deterministic corpus of realistic news pages for the extraction benchmark.

Pages are ~170 KB like real portal article pages: long navigation, inline scripts and styles, the
article, rankings and related boxes, footers. Half are GBK labelled gb2312, as many Chinese sites are.
Usage: make-bench-pages.py OUT_DIR [COUNT]
"""
import os
import random
import sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 60
os.makedirs(out, exist_ok=True)
rng = random.Random(20261129)
han = "银川市宁夏回族自治区发展改革创新就业创业担保贷款扶持政策服务群众社区党员干部疫情防控工作会议经济社会建设项目投资城市乡村农业生产生活环境保护生态文化旅游教育医疗卫生交通运输安全应急管理科技数字产业企业市场消费民生保障住房养老"
punct = "，，，。、；"

def sentence(n):
    return "".join(rng.choice(han) for _ in range(n)) + rng.choice(punct)

def paragraph():
    return "".join(sentence(rng.randint(8, 24)) for _ in range(rng.randint(3, 7))).rstrip("，、；") + "。"

script = "<script>" + "".join(f"var v{i}=function(a,b){{return a+b*{i}}};" for i in range(1500)) + "</script>\n"
style = "<style>" + "".join(f".c{i}{{margin:{i % 9}px;padding:{i % 7}px;color:#{i:06x}}}" for i in range(400)) + "</style>\n"
for index in range(count):
    title = sentence(14).rstrip(punct)
    nav = "<div class=\"nav\"><ul>" + "".join(f"<li><a href=\"/c{i}/\">{sentence(3).rstrip(punct)}</a></li>" for i in range(220)) + "</ul></div>\n"
    article = "".join(f"<p>　　{paragraph()}</p>\n" for _ in range(rng.randint(14, 26)))
    ranking = "<div class=\"hot\"><h3>点击排行</h3><ol>" + "".join(
        f"<li><a href=\"/ycxw/202603/t2026031{i % 9}_{i}.html\">{sentence(12).rstrip(punct)}</a></li>" for i in range(30)) + "</ol></div>\n"
    related = "<div class=\"xgxw\"><h3>相关新闻</h3><ul>" + "".join(
        f"<li><a href=\"/ycxw/202603/t20260310_{i}.html\">{sentence(12).rstrip(punct)}</a> [2026-03-1{i % 9}]</li>" for i in range(10)) + "</ul></div>\n"
    footer = "<div class=\"footer\">" + "".join(f"<a href=\"http://site{i}.example/\">{sentence(4).rstrip(punct)}</a> " for i in range(80)) + "<p>版权所有 银川新闻网</p></div>\n"
    gbk = index % 2 == 0
    charset = "gb2312" if gbk else "utf-8"
    page = (f"<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">"
            f"<title>{title}_银川新闻网</title>\n{style}{script}</head><body>\n{nav}"
            f"<div class=\"main\"><div class=\"left\"><h1>{title}</h1><div class=\"artinfo\">发布时间：2026-03-1{index % 9} 1{index % 10}:30　来源：银川日报　记者 张晓慧</div>\n"
            f"<div class=\"TRS_Editor\">{article}<p>责任编辑：李明</p></div>\n{related}</div>"
            f"<div class=\"right\">{ranking}{ranking.replace('点击排行', '评论排行')}</div></div>\n{script}{footer}</body></html>\n")
    data = page.encode("gbk" if gbk else "utf-8")
    with open(os.path.join(out, f"page-{index:03d}.html"), "wb") as handle:
        handle.write(data)
print(f"wrote {count} pages to {out}")
