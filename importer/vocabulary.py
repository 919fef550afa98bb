"""Words of the genre: field labels of job descriptions and the words position titles end with.

Real documents name the same field many ways (直接上级/直属上级/汇报对象/上级); the readers and the
structure builder map every variant to one canonical field here, so a rule is written once.
"""

import re

from core.text import to_simplified

TITLE, UNIT, SUPERIOR, SUBORDINATE, SUMMARY = "title", "unit", "superior", "subordinate", "summary"
DUTIES, REQUIREMENTS, AUTHORITY, KPIS, HEADCOUNT = "duties", "requirements", "authority", "kpis", "headcount"
# Labels whose value is kept nowhere (a job's environment, salary, form codes): never duties.
IGNORED = "ignored"


def words(text: str) -> list[str]:
    return text.split()


LABELS: dict[str, str] = {}
for canonical, names in {
    TITLE: "岗位名称 职位名称 职务名称 岗位名 职位 岗位 职务 职称 招聘岗位 招聘职位 岗位描述",
    UNIT: "所属部门 所在部门 部门名称 所属单位 部门 所属科室 科室 所属中心 组别",
    SUPERIOR: """
        直接上级 直属上级 直接主管 直属主管 直属领导 直接领导 汇报对象 汇报上级 报告对象
        上级 主管领导 上级岗位
    """,
    SUBORDINATE: "直接下级 直属下级 直接下属 直属下属 下属 下级 管理对象 下级岗位 所辖人员",
    SUMMARY: """
        岗位目的 职位目的 职位概要 岗位概要 工作概述 岗位概述 职位概述 工作目标 本职工作
        岗位性质 工作概要 岗位使命 职位描述
    """,
    DUTIES: """
        你将负责 你的职责 你要做的 工作职责如下
        岗位职责 工作职责 主要职责 职责描述 职责内容 工作内容 主要工作 工作职掌 职务内容
        工作任务 职责 直接责任 具体职责 岗位工作 职责范围 主要工作职责 岗位主要职责
        工作任务及职责 基本职责 工作范围 主要任务 工作职掌
    """,
    REQUIREMENTS: """
        我们希望你 希望你 你需要 加分项 要求 任职资格 任职要求 任职条件 岗位要求 技能要求
        资格要求 任用资格 招聘要求 应聘要求
        岗位任职资格 职位要求 能力要求 任职资格要求
    """,
    AUTHORITY: "工作权限 管理权限 岗位权限 职权 权限 权力 权利 管理责任",
    # 标准 beside 职责 (岗位职责与工作标准) is how well a duty is done: kept as a KPI, not a duty.
    KPIS: "考核指标 考核标准 绩效考核 绩效指标 考核内容 关键绩效指标 KPI 考核要点 业绩标准 标准 工作标准",
    HEADCOUNT: "岗位编制 编制 定员 人数 岗位定员 编制人数 定员人数 职位数目 职位数量 招聘名额 名额",
    IGNORED: """
        沟通关系 联系对象 薪金 月薪范围 备注 公司名称 单位名称 文件名称
        岗位类别 岗位类型 职位类别 职位类型 岗位序列
        工作环境 工作时间 工作地点 岗位编号 职位编号 岗位代码 职位代码 薪资待遇 薪酬待遇
        薪资范围 福利待遇 工作场所 使用工具 工作设备 填写日期 编制日期 审核 批准 编写 核准
        生效日期 职位等级 岗位等级 岗位级别 职等 薪资 薪酬 月薪 年薪 待遇 福利 地点
        招聘人数 到岗时间 发布时间 截止日期 签字栏 任职人 日期 职务代理人 代理人 工作关系
        内部关系 外部关系 晋升方向 可轮换岗位 轮岗 职业发展 协作关系 联系方式 学历要求说明
        编制人 审核人 批准人 文件编号 版本 版本号
    """,
}.items():
    for word in words(names):
        LABELS[word] = canonical

# Longest first, so 岗位职责 wins over 岗位 and 直接上级 over 上级.
LABEL_WORDS = sorted(LABELS, key=len, reverse=True)
LABEL_PATTERN = "|".join(re.escape(word) for word in LABEL_WORDS)

# The words a position title ends with. A short line ending in one of them, followed by a list or
# a duties label, is a position heading whatever its numbering or brackets.
TITLE_WORDS = words("""
    接待 实习生 文案 美术指导 客户执行 受权人 责任人 联络人
    经理 副经理 副理 襄理 协理 总经理 总监 主管 专员 助理 主任 部长 副部长 科长
    处长 组长 班长 队长 店长 厂长 院长 园长 校长 所长 站长 台长 主席 董事长 总裁
    总 文员 秘书 内勤 领班 顾问 会计 出纳 司机 保安 保安员 厨师 厨师长 厨工 工程师
    技术员 设计师 督导 负责人 代表 干事 主办 统计员 收银员 服务员 营业员 导购 销售员
    业务员 采购员 仓管员 管理员 库管 保管员 质检员 检验员 安全员 施工员 资料员 材料员
    预算员 测量员 监理 护士 护士长 医师 医生 药师 教师 老师 班主任 保育员 保洁员
    维修工 电工 水电工 操作工 普工 技工 学徒 话务员 接待员 前台 礼宾员 行李员 传菜员
    迎宾 配菜员 切配 面点师 跟单员 客服 调度员 核算员 审计员 培训师 讲师 律师 分析师
    架构师 运维 记者 摄影师 主播 专家 经纪人 协调员 联络员 巡检员 门卫 宿管 帮厨
    洗碗工 仓库管理员 驾驶员 押运员 装卸工 配送员 快递员 理货员 推广员 促销员 稽查员
    指导员 辅导员 教练 咨询师 规划师 专责 岗
""")
# Words for a kind of work; a title only with 职责/岗位职责 after it ('运营策划职责'), not alone.
ACTIVITY_WORDS = words(
    "策划 企划 运营 开发 测试 采购 审计 编辑 翻译 收银 保洁 调度 跟单 稽核 统计 督察 法务 维护 管理"
)
# Single characters that end many more titles (监控员, 绿化工, 保健医); the words they also end are no titles.
TITLE_WORDS += ["员", "工", "师", "长", "医", "官", "手"]
NOT_TITLES = re.compile(
    r"(?:施工|员工|职工|分工|加工|完工|开工|竣工|人工|用工|停工|返工|手工|务工|罢工|上工|成员|人员|会员|"
    r"动员|党员|委员|队员|学员|社员|扩员|增员|减员|裁员|老师傅|延长|增长|成长|擅长|家长|助手|对手|"
    r"选手|新手|高手|入手|着手|动手|接手|插手|联手)$"
)
TITLE_WORD_PATTERN = "|".join(re.escape(word) for word in sorted(set(TITLE_WORDS), key=len, reverse=True))

# Words after a title that name the document part rather than the job: 产品经理岗位职责 → 产品经理.
TITLE_TAIL = re.compile(
    r"(?:的)?(?:主要任务|主要职责|工作任务|岗位职责说明书|岗位责任制|责任制|岗位说明书|职位说明书|职务说明书|岗位职责|工作职责|岗位职能|工作内容|职责说明|职责|"
    r"说明书|岗位描述|职位描述|岗位)$"
)

# '岗位职责及工作范围:' is the duties label too: a label may name a second thing after 及/和/与.
# English beside a label on bilingual pages ('Responsibilities/岗位职责:', '【Qualifications 任职资格】').
ENGLISH = r"[A-Za-z][A-Za-z &]*"
LABEL_LINE = re.compile(
    rf"^(?:[【\[]\s*)?(?:{ENGLISH}\s*[/／|]?\s*)?({LABEL_PATTERN})(?:[及和与][\u4e00-\u9fff]{{2,6}})?"
    rf"(?:\s*[/／|]?\s*{ENGLISH})?\s*(?:[】\]]\s*[::]?|[::])\s*(.*)$"
)


# Labels nobody listed still say what they hold by their last word: '条件要求', '工作待遇', '上班时段'.
LABEL_ENDINGS = (
    (REQUIREMENTS, ("要求", "条件", "资格")),
    (IGNORED, ("待遇", "时段", "制度", "福利", "地点", "环境")),
)


def label_by_ending(key: str) -> str | None:
    if not 2 < len(key) <= 6:
        return None
    for canonical, endings in LABEL_ENDINGS:
        if key.endswith(endings):
            return canonical
    return None


# Labels of bilingual pages written in English only ('**Reports to**:', 'What you'll do / 你将负责').
ENGLISH_LABELS = {
    "responsibilities": DUTIES,
    "duties": DUTIES,
    "what you'll do": DUTIES,
    "what you will do": DUTIES,
    "job description": DUTIES,
    "requirements": REQUIREMENTS,
    "qualifications": REQUIREMENTS,
    "what we're looking for": REQUIREMENTS,
    "what we are looking for": REQUIREMENTS,
    "nice to have": REQUIREMENTS,
    "bonus": REQUIREMENTS,
    "plus": REQUIREMENTS,
    "reports to": SUPERIOR,
    "reporting to": SUPERIOR,
    "team": UNIT,
    "department": UNIT,
    "role": TITLE,
    "position": TITLE,
    "job title": TITLE,
    "location": IGNORED,
    "base": IGNORED,
    "salary": IGNORED,
    "benefits": IGNORED,
}
ENGLISH_LABEL_LINE = re.compile(
    rf"^[*\s【\[]*({'|'.join(re.escape(k) for k in sorted(ENGLISH_LABELS, key=len, reverse=True))})"
    r"[*\s】\]]*(?:[/／]\s*[\u4e00-\u9fff]{1,8}[*\s】\]]*)?[:：]\s*(.*)$",
    re.IGNORECASE,
)


def english_label(text: str) -> str | None:
    """The canonical field of an English label, alone or beside a Chinese one it translates."""
    for part in re.split(r"\s*[/／|｜]\s*", text.strip(" *:：【】[]")):
        field = ENGLISH_LABELS.get(part.strip(" *:：【】[]").lower())
        if field:
            return field
    return None


def label_of(text: str) -> str | None:
    """The canonical field of a bare label ('岗位职责', '【任职资格】', '職責：', 'Duties'), else None."""
    key = re.sub(r"[\s::【】\[\]*/／|]|[A-Za-z]", "", to_simplified(text))
    if len(key) > 16:
        return None
    if not key or not LABELS.get(key):
        english = english_label(text) if len(text) <= 40 else None
        if english:
            return english
    # '基本任职资格', '主要工作职责': a label behind a word that only qualifies it.
    key = re.sub(r"^(?:基本|主要|具体|其他|相关)(?=.{2,})", "", key) if key not in LABELS else key
    # '岗位职责及考核', '任职资格与条件': a label naming a second thing after 及/和/与.
    return LABELS.get(key) or LABELS.get(re.sub(r"[及和与][\u4e00-\u9fff]{1,6}$", "", key))
