"""Chinese names for synthetic people.

Own lists, written for this project: the 100 most common surnames with rough weights (share of the
population in per mille, in the spirit of the 2020 census ranking; exact figures do not matter for
demo data) and pools of given-name characters. A given name has one or two characters; pools differ
by gender and a little by era, so a 1950s woman is more often 秀英 than 梓涵.
"""

from __future__ import annotations

#: (surname, weight in per mille), most common first.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71.0), ("李", 70.0), ("张", 68.0), ("刘", 54.0), ("陈", 46.0),
    ("杨", 31.0), ("黄", 22.0), ("赵", 21.0), ("吴", 20.0), ("周", 19.0),
    ("徐", 15.0), ("孙", 15.0), ("马", 14.0), ("朱", 13.0), ("胡", 13.0),
    ("郭", 12.0), ("何", 12.0), ("林", 11.0), ("高", 11.0), ("罗", 11.0),
    ("郑", 10.0), ("梁", 10.0), ("谢", 8.5), ("宋", 8.0), ("唐", 7.8),
    ("许", 7.5), ("韩", 7.2), ("冯", 7.0), ("邓", 7.0), ("曹", 6.8),
    ("彭", 6.6), ("曾", 6.4), ("肖", 6.2), ("田", 6.0), ("董", 5.9),
    ("潘", 5.6), ("袁", 5.5), ("蔡", 5.3), ("蒋", 5.2), ("余", 5.1),
    ("于", 5.0), ("杜", 4.9), ("叶", 4.8), ("程", 4.7), ("魏", 4.5),
    ("苏", 4.4), ("吕", 4.3), ("丁", 4.2), ("任", 4.1), ("卢", 4.0),
    ("姚", 3.9), ("沈", 3.8), ("钟", 3.7), ("姜", 3.6), ("崔", 3.5),
    ("谭", 3.4), ("陆", 3.3), ("范", 3.2), ("汪", 3.1), ("廖", 3.0),
    ("石", 3.0), ("金", 2.9), ("韦", 2.8), ("贾", 2.8), ("夏", 2.7),
    ("付", 2.7), ("方", 2.6), ("邹", 2.5), ("熊", 2.5), ("白", 2.4),
    ("孟", 2.4), ("秦", 2.3), ("邱", 2.3), ("侯", 2.2), ("江", 2.2),
    ("尹", 2.1), ("薛", 2.1), ("闫", 2.0), ("段", 2.0), ("雷", 1.9),
    ("龙", 1.9), ("黎", 1.8), ("史", 1.8), ("陶", 1.7), ("贺", 1.7),
    ("毛", 1.6), ("郝", 1.6), ("顾", 1.6), ("龚", 1.5), ("邵", 1.5),
    ("万", 1.4), ("覃", 1.4), ("武", 1.4), ("钱", 1.3), ("戴", 1.3),
    ("严", 1.2), ("莫", 1.2), ("孔", 1.1), ("向", 1.1), ("常", 1.0),
)  # fmt: skip

#: Given-name characters used for men of every generation.
MALE_CHARACTERS = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清"
    "飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善"
    "厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家"
    "致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
)
#: Given-name characters used for women of every generation.
FEMALE_CHARACTERS = (
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺"
    "媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹"
    "蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓"
    "欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽苛灵玛媚琪晴容睿烁堂唯威"
    "韦雯苇萱阅彦宇雨洋忠宗曼紫逸"
)
#: Characters fashionable for children born from about 2000.
MODERN_CHARACTERS = "子梓涵浩宇轩睿欣怡诗雨萱晨博文泽一然思彤嘉铭俊熙语辰佳琪奕可昊"
#: Two-character given names typical of women born before about 1965.
OLDER_FEMALE_NAMES = (
    "秀英",
    "桂英",
    "秀兰",
    "玉兰",
    "桂兰",
    "秀珍",
    "凤英",
    "玉珍",
    "玉英",
    "兰英",
)
#: Two-character given names typical of men born before about 1965.
OLDER_MALE_NAMES = ("建国", "建华", "国强", "志强", "德明", "国庆", "卫东", "建军", "红军", "永胜")

#: Road names for synthetic addresses.
STREET_NAMES = (
    "中山路", "人民路", "解放路", "建设路", "和平路", "新华路", "长江路", "黄河路", "北京路",
    "上海路", "东风路", "胜利路", "文化路", "学府路", "湖滨路", "江南大道", "科技路", "迎宾大道",
    "青年路", "光明路", "幸福路", "工业路", "团结路", "花园路", "朝阳路", "府前街", "友谊路",
    "滨江路", "南湖路", "河西大街",
)  # fmt: skip
#: Neighbourhood names for synthetic addresses.
COMPOUND_NAMES = (
    "阳光花园", "锦绣家园", "翠苑小区", "和平新村", "金色港湾", "碧水湾", "书香门第", "幸福里",
    "香樟园", "枫林湾", "紫金公寓", "滨江花城", "世纪城", "东方明珠苑", "康乐新村",
)  # fmt: skip
