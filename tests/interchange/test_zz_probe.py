from tests.conftest import issues, make_id, VILLAGE_1
from weijian.register.models import Person

def test_probe_incomer(township, load):
    h = ["公民身份号码", "姓名", "性别", "出生日期", "村居代码", "居住状态"]
    a = make_id("1988-08-08", 1)
    r = load("persons", h, [[a, "陈强", "男", "1988-08-08", VILLAGE_1, "常住"]])
    print(issues(r), r.created, Person.objects.filter(id_number=a).values_list("registered_here", "residence").get())
    r = load("persons", h, [[a, "陈强", "男", "1988-08-08", VILLAGE_1, "流入"]])
    print(issues(r), r.created, r.updated, Person.objects.filter(id_number=a).values_list("registered_here", "residence").get())
