"""The qualifying activities' names and plain-language descriptions in Chinese (Simplified),
Vietnamese, Korean, Tagalog and Arabic, beside the English and Spanish of 0002."""

from django.db import migrations

# language code -> activity code -> (name, description)
TEXTS = {
    "ar": {
        "abduction": ("الاختطاف", "أخذك شخص بعيدًا بالقوة أو بالخداع."),
        "abusive_sexual_contact": ("الاتصال الجنسي المسيء", "لمسك شخص بطريقة جنسية رغمًا عنك."),
        "attempt": (
            "محاولة ارتكاب أي من هذه الجرائم",
            "حاول شخص أن يرتكب إحدى هذه الجرائم ضدك لكنه لم يُكملها.",
        ),
        "blackmail": ("الابتزاز بالتشهير", "هدّدك شخص بكشف معلومات عنك إذا لم تعطه شيئًا."),
        "conspiracy": (
            "التآمر لارتكاب أي من هذه الجرائم",
            "خطّط أشخاص معًا لارتكاب إحدى هذه الجرائم ضدك.",
        ),
        "domestic_violence": (
            "العنف الأسري",
            "شريك حياة أو شريك سابق أو فرد من الأسرة آذاك أو هدّدك أو تحكّم فيك.",
        ),
        "extortion": ("الابتزاز", "استخدم شخص التهديد ليأخذ منك مالًا أو ممتلكات أو خدمات."),
        "false_imprisonment": ("الحبس غير القانوني", "حبسك شخص أو أبقاك في مكان بدون حق."),
        "felonious_assault": ("الاعتداء الجسيم", "هاجمك شخص وسبّب لك إصابة خطيرة، أو استخدم سلاحًا."),
        "female_genital_mutilation": (
            "تشويه الأعضاء التناسلية الأنثوية (الختان)",
            "قطع شخص الأعضاء التناسلية الأنثوية أو جرحها لأسباب غير طبية.",
        ),
        "foreign_labor_fraud": (
            "الاحتيال في التعاقد على العمالة الأجنبية",
            "كذب عليك شخص ليجنّدك للعمل في الولايات المتحدة (18 U.S.C. 1351).",
        ),
        "hostage": ("الاحتجاز كرهينة", "احتجزك شخص وهدّدك ليجبر آخرين على فعل شيء."),
        "incest": ("سفاح القربى", "قريب مقرّب من عائلتك أقام معك اتصالًا جنسيًا."),
        "involuntary_servitude": (
            "الخدمة القسرية",
            "أجبرك شخص على العمل بالتهديد أو القوة أو التخويف.",
        ),
        "kidnapping": ("الخطف", "أخذك شخص أو احتجزك رغمًا عنك."),
        "manslaughter": ("القتل غير العمد", "تسبّب شخص في وفاة أحد أفراد أسرتك بدون نية القتل."),
        "murder": ("القتل العمد", "قتل شخص أحد أفراد أسرتك."),
        "obstruction_of_justice": (
            "عرقلة سير العدالة",
            "تدخّل شخص في تحقيق للشرطة أو في قضية أمام المحكمة عن جريمة ضدك.",
        ),
        "peonage": ("السُّخرة مقابل الدَّين", "أجبرك شخص على العمل لسداد دَين."),
        "perjury": ("شهادة الزور", "كذب شخص تحت القسم بطريقة أضرّت بك."),
        "prostitution": ("الدعارة", "أجبرك شخص على تقديم الجنس مقابل المال أو أشياء أخرى."),
        "rape": ("الاغتصاب", "أجبرك شخص أو ضغط عليك لممارسة الجنس."),
        "sexual_assault": (
            "الاعتداء الجنسي",
            "لمسك شخص بطريقة جنسية أو أجبرك على المشاركة في فعل جنسي بدون موافقتك.",
        ),
        "sexual_exploitation": ("الاستغلال الجنسي", "استغلك شخص جنسيًا لمصلحته، بما في ذلك صور لك."),
        "similar_activity": (
            "نشاط مشابه",
            "جريمة أخرى تشبه كثيرًا إحدى الجرائم المذكورة أعلاه. صِفها بكلماتك.",
        ),
        "slave_trade": ("تجارة الرقيق", "قام شخص بشرائك أو بيعك أو احتجازك كأنك مِلك له."),
        "solicitation": (
            "التحريض على ارتكاب أي من هذه الجرائم",
            "طلب شخص من شخص آخر، أو دفع له، ليرتكب إحدى هذه الجرائم ضدك.",
        ),
        "stalking": (
            "الملاحقة والمضايقة",
            "تبعك شخص أو راقبك أو تواصل معك مرة بعد مرة حتى خفت على سلامتك.",
        ),
        "torture": ("التعذيب", "سبّب لك شخص ألمًا أو معاناة شديدة عن قصد."),
        "trafficking": (
            "الاتجار بالبشر",
            "أجبرك شخص على العمل أو على أعمال جنسية بالقوة أو الاحتيال أو التهديد.",
        ),
        "unlawful_criminal_restraint": (
            "تقييد الحرية غير القانوني",
            "منعك شخص من المغادرة أو من التنقّل بحرية.",
        ),
        "witness_tampering": (
            "التأثير على الشهود",
            "حاول شخص أن يمنعك، أو يخيفك حتى لا تخبر الشرطة أو المحكمة بما تعرفه.",
        ),
    },
    "ko": {
        "abduction": ("유괴", "누군가 강제로 또는 속여서 귀하를 데려갔습니다."),
        "abusive_sexual_contact": (
            "학대적 성적 접촉",
            "누군가 귀하의 뜻에 반하여 성적인 방식으로 귀하를 만졌습니다.",
        ),
        "attempt": (
            "위 범죄의 미수",
            "누군가 귀하에게 이 범죄 중 하나를 저지르려고 했지만 끝까지 하지 못했습니다.",
        ),
        "blackmail": (
            "공갈(비밀 폭로 협박)",
            "누군가 무언가를 주지 않으면 귀하에 관한 정보를 퍼뜨리겠다고 위협했습니다.",
        ),
        "conspiracy": (
            "위 범죄의 공모",
            "여러 사람이 함께 귀하에게 이 범죄 중 하나를 저지르기로 계획했습니다.",
        ),
        "domestic_violence": (
            "가정 폭력",
            "배우자나 연인, 전 배우자나 전 연인, 또는 가족이 귀하를 다치게 하거나 위협하거나 통제했습니다.",
        ),
        "extortion": ("갈취", "누군가 위협하여 귀하에게서 돈, 재산 또는 서비스를 얻어 냈습니다."),
        "false_imprisonment": (
            "불법 구금",
            "누군가 권한도 없이 귀하를 가두거나 어떤 곳에 붙잡아 두었습니다.",
        ),
        "felonious_assault": (
            "중범죄 폭행",
            "누군가 귀하를 공격하여 심각한 부상을 입혔거나 무기를 사용했습니다.",
        ),
        "female_genital_mutilation": (
            "여성 할례(여성 성기 훼손)",
            "누군가 의료 목적이 아닌 이유로 여성 성기를 자르거나 다치게 했습니다.",
        ),
        "foreign_labor_fraud": (
            "해외 노동 계약 사기",
            "누군가 귀하를 미국에서 일하도록 모집하면서 거짓말을 했습니다(18 U.S.C. 1351).",
        ),
        "hostage": (
            "인질로 잡힘",
            "누군가 다른 사람에게 무언가를 시키려고 귀하를 붙잡아 두고 위협했습니다.",
        ),
        "incest": ("근친상간", "가까운 친척이 귀하와 성적 접촉을 했습니다."),
        "involuntary_servitude": (
            "비자발적 노역",
            "누군가 협박, 폭력 또는 두려움을 이용해 귀하에게 강제로 일을 시켰습니다.",
        ),
        "kidnapping": ("납치", "누군가 귀하의 뜻에 반하여 귀하를 데려가거나 붙잡아 두었습니다."),
        "manslaughter": ("과실 치사", "누군가 죽일 의도 없이 가족의 죽음을 일으켰습니다."),
        "murder": ("살인", "누군가 가족을 죽였습니다."),
        "obstruction_of_justice": (
            "사법 방해",
            "누군가 귀하에 대한 범죄에 관한 경찰 수사나 재판을 방해했습니다.",
        ),
        "peonage": ("강제 부채 노동", "누군가 빚을 갚게 하려고 귀하에게 강제로 일을 시켰습니다."),
        "perjury": ("위증", "누군가 선서를 하고 거짓말을 하여 귀하에게 해를 끼쳤습니다."),
        "prostitution": ("성매매", "누군가 귀하에게 돈이나 다른 것을 받고 성을 팔게 했습니다."),
        "rape": ("강간", "누군가 귀하에게 성관계를 강요하거나 압박했습니다."),
        "sexual_assault": (
            "성폭행",
            "누군가 귀하의 동의 없이 성적으로 만지거나 성행위에 참여하게 했습니다.",
        ),
        "sexual_exploitation": (
            "성적 착취",
            "누군가 자기 이익을 위해 귀하를 성적으로 이용했습니다. 귀하의 사진이나 영상을 이용한 경우도 포함됩니다.",
        ),
        "similar_activity": (
            "유사한 활동",
            "위의 범죄 중 하나와 아주 비슷한 다른 범죄. 본인의 말로 설명하십시오.",
        ),
        "slave_trade": ("노예 매매", "누군가 귀하를 물건처럼 사고팔거나 붙잡아 두었습니다."),
        "solicitation": (
            "위 범죄의 교사",
            "누군가 다른 사람에게 귀하에 대한 이 범죄 중 하나를 저지르라고 부탁하거나 돈을 주었습니다.",
        ),
        "stalking": (
            "스토킹",
            "누군가 귀하를 계속해서 따라다니거나 지켜보거나 연락하여 귀하가 안전을 걱정하게 되었습니다.",
        ),
        "torture": ("고문", "누군가 일부러 귀하에게 심한 고통이나 괴로움을 주었습니다."),
        "trafficking": (
            "인신매매",
            "누군가 폭력, 사기 또는 협박으로 귀하에게 일을 시키거나 성행위를 하게 했습니다.",
        ),
        "unlawful_criminal_restraint": (
            "불법 감금·신체 구속",
            "누군가 귀하가 떠나거나 자유롭게 움직이지 못하게 막았습니다.",
        ),
        "witness_tampering": (
            "증인 방해",
            "누군가 귀하가 아는 것을 경찰이나 법원에 말하지 못하게 막거나 겁을 주려고 했습니다.",
        ),
    },
    "tl": {
        "abduction": (
            "Pagdukot",
            "May taong tumangay sa inyo sa pamamagitan ng dahas o panlilinlang.",
        ),
        "abusive_sexual_contact": (
            "Mapang-abusong sekswal na paghipo",
            "May taong humipo sa inyo sa sekswal na paraan nang labag sa inyong kalooban.",
        ),
        "attempt": (
            "Pagtatangkang gawin ang alinman sa mga krimeng ito",
            "May taong sumubok na gawin sa inyo ang isa sa mga krimeng ito pero hindi natapos.",
        ),
        "blackmail": (
            "Blackmail",
            "May taong nagbantang ilalabas ang impormasyon tungkol sa inyo kung hindi "
            "kayo magbibigay sa kanya ng isang bagay.",
        ),
        "conspiracy": (
            "Sabwatan para gawin ang alinman sa mga krimeng ito",
            "Nagplano nang magkakasama ang ilang tao na gawin sa inyo ang isa sa mga krimeng ito.",
        ),
        "domestic_violence": (
            "Karahasan sa tahanan",
            "Ang inyong partner, dating partner o kapamilya ay nanakit, nagbanta "
            "o kumontrol sa inyo.",
        ),
        "extortion": (
            "Pangingikil",
            "May taong gumamit ng pagbabanta para makakuha sa inyo ng pera, ari-arian o serbisyo.",
        ),
        "false_imprisonment": (
            "Ilegal na pagkulong",
            "May taong nagkulong o nagpanatili sa inyo sa isang lugar nang "
            "walang karapatang gawin ito.",
        ),
        "felonious_assault": (
            "Mabigat na pananakit",
            "May taong umatake sa inyo at nagdulot ng malubhang pinsala, o gumamit ng armas.",
        ),
        "female_genital_mutilation": (
            "Pagputol sa ari ng babae (female genital mutilation)",
            "May taong pumutol o sumugat sa ari ng babae nang hindi dahil sa medikal na dahilan.",
        ),
        "foreign_labor_fraud": (
            "Panloloko sa pagre-recruit ng dayuhang manggagawa",
            "May taong nagsinungaling sa inyo para i-recruit kayo sa trabaho "
            "sa United States (18 U.S.C. 1351).",
        ),
        "hostage": (
            "Pagbihag bilang hostage",
            "May taong bumihag sa inyo at nagbanta sa inyo para pilitin ang iba na gumawa "
            "ng isang bagay.",
        ),
        "incest": ("Insesto", "Isang malapit na kamag-anak ang nakipag-ugnayang sekswal sa inyo."),
        "involuntary_servitude": (
            "Sapilitang paglilingkod",
            "May taong pumilit sa inyo na magtrabaho sa pamamagitan ng "
            "pagbabanta, dahas o pananakot.",
        ),
        "kidnapping": (
            "Kidnapping",
            "May taong kumuha o humawak sa inyo nang labag sa inyong kalooban.",
        ),
        "manslaughter": (
            "Pagpatay nang hindi sinasadya (manslaughter)",
            "May taong nagdulot ng pagkamatay ng inyong kapamilya nang walang balak pumatay.",
        ),
        "murder": ("Pagpatay (murder)", "May taong pumatay sa inyong kapamilya."),
        "obstruction_of_justice": (
            "Paghadlang sa hustisya",
            "May taong nakialam sa imbestigasyon ng pulisya o sa kaso sa "
            "korte tungkol sa krimen laban sa inyo.",
        ),
        "peonage": (
            "Sapilitang pagtatrabaho dahil sa utang (peonage)",
            "May taong pumilit sa inyo na magtrabaho para bayaran ang isang utang.",
        ),
        "perjury": (
            "Pagsisinungaling sa ilalim ng panunumpa (perjury)",
            "May taong nagsinungaling sa ilalim ng panunumpa sa paraang nakapinsala sa inyo.",
        ),
        "prostitution": (
            "Prostitusyon",
            "May taong pumilit sa inyo na ipagpalit ang pakikipagtalik sa pera o ibang bagay.",
        ),
        "rape": ("Panggagahasa", "May taong pumilit o nagtulak sa inyo na makipagtalik."),
        "sexual_assault": (
            "Sekswal na pang-aabuso",
            "May taong humipo sa inyo nang sekswal o pumilit sa inyo na sumali sa "
            "gawaing sekswal nang walang pahintulot ninyo.",
        ),
        "sexual_exploitation": (
            "Sekswal na pagsasamantala",
            "May taong gumamit sa inyo nang sekswal para sa sarili niyang "
            "pakinabang, kasama ang mga larawan ninyo.",
        ),
        "similar_activity": (
            "Katulad na gawain",
            "Ibang krimen na kahawig na kahawig ng isa sa mga krimen sa itaas. "
            "Ilarawan ito sa sarili ninyong salita.",
        ),
        "slave_trade": (
            "Pangangalakal ng alipin",
            "May taong bumili, nagbenta o humawak sa inyo na parang pag-aari.",
        ),
        "solicitation": (
            "Panghihikayat na gawin ang alinman sa mga krimeng ito",
            "May taong humiling o nagbayad sa ibang tao para gawin sa inyo ang isa sa "
            "mga krimeng ito.",
        ),
        "stalking": (
            "Stalking (paniniktik at pagsunod-sunod)",
            "May taong paulit-ulit na sumunod, nagmanman o kumontak sa inyo kaya natakot "
            "kayo para sa inyong kaligtasan.",
        ),
        "torture": (
            "Pagpapahirap (torture)",
            "May taong sadyang nagdulot sa inyo ng matinding sakit o paghihirap.",
        ),
        "trafficking": (
            "Trafficking",
            "May taong pumilit sa inyo na magtrabaho o gumawa ng gawaing sekswal sa "
            "pamamagitan ng dahas, panloloko o pagbabanta.",
        ),
        "unlawful_criminal_restraint": (
            "Ilegal na pagpigil sa kalayaan",
            "May taong pumigil sa inyo na umalis o malayang kumilos.",
        ),
        "witness_tampering": (
            "Pakikialam sa saksi",
            "May taong sumubok na pigilan o takutin kayo para hindi ninyo "
            "sabihin sa pulisya o sa korte ang alam ninyo.",
        ),
    },
    "vi": {
        "abduction": ("Bắt đi", "Có người đã đưa quý vị đi bằng vũ lực hoặc bằng cách lừa gạt."),
        "abusive_sexual_contact": (
            "Đụng chạm tình dục có tính lạm dụng",
            "Có người đã đụng chạm quý vị theo cách tình dục trái với ý muốn của quý vị.",
        ),
        "attempt": (
            "Cố gắng phạm một trong các tội này",
            "Có người đã tìm cách phạm một trong các tội này đối với quý vị nhưng chưa "
            "thực hiện xong.",
        ),
        "blackmail": (
            "Tống tiền bằng cách đe dọa tiết lộ",
            "Có người đe dọa sẽ tiết lộ thông tin về quý vị nếu quý vị không đưa cho họ "
            "một thứ gì đó.",
        ),
        "conspiracy": (
            "Âm mưu phạm một trong các tội này",
            "Nhiều người đã cùng nhau lên kế hoạch phạm một trong các tội này đối với quý vị.",
        ),
        "domestic_violence": (
            "Bạo hành gia đình",
            "Người yêu, người yêu cũ hoặc người trong gia đình đã làm quý vị bị "
            "thương, đe dọa hoặc kiểm soát quý vị.",
        ),
        "extortion": (
            "Cưỡng đoạt",
            "Có người đã dùng đe dọa để lấy tiền, tài sản hoặc dịch vụ của quý vị.",
        ),
        "false_imprisonment": (
            "Giam giữ trái phép",
            "Có người đã nhốt quý vị hoặc giữ quý vị ở một nơi mà không có quyền làm vậy.",
        ),
        "felonious_assault": (
            "Hành hung nghiêm trọng",
            "Có người đã tấn công quý vị và gây thương tích nặng, hoặc đã dùng vũ khí.",
        ),
        "female_genital_mutilation": (
            "Cắt bộ phận sinh dục nữ",
            "Có người đã cắt hoặc làm tổn thương bộ phận sinh dục nữ không vì lý do y tế.",
        ),
        "foreign_labor_fraud": (
            "Lừa đảo trong tuyển dụng lao động nước ngoài",
            "Có người đã nói dối quý vị để tuyển quý vị đến làm việc tại Hoa Kỳ (18 U.S.C. 1351).",
        ),
        "hostage": (
            "Bị bắt làm con tin",
            "Có người đã giữ quý vị lại và đe dọa quý vị để buộc người khác làm một điều gì đó.",
        ),
        "incest": ("Loạn luân", "Một người thân ruột thịt gần đã có quan hệ tình dục với quý vị."),
        "involuntary_servitude": (
            "Lao động cưỡng bức",
            "Có người ép quý vị làm việc bằng đe dọa, vũ lực hoặc làm quý vị sợ hãi.",
        ),
        "kidnapping": (
            "Bắt cóc",
            "Có người đã bắt quý vị đi hoặc giữ quý vị trái với ý muốn của quý vị.",
        ),
        "manslaughter": (
            "Ngộ sát",
            "Có người đã gây ra cái chết của một người trong gia đình quý vị mà không có ý giết.",
        ),
        "murder": ("Giết người", "Có người đã giết một người trong gia đình quý vị."),
        "obstruction_of_justice": (
            "Cản trở công lý",
            "Có người đã cản trở cuộc điều tra của cảnh sát hoặc vụ án tại "
            "tòa về một tội phạm chống lại quý vị.",
        ),
        "peonage": ("Lao động trừ nợ", "Có người ép quý vị làm việc để trả một món nợ."),
        "perjury": (
            "Khai man trước tòa",
            "Có người đã nói dối sau khi tuyên thệ, theo cách gây hại cho quý vị.",
        ),
        "prostitution": (
            "Mại dâm",
            "Có người bắt quý vị đổi tình dục lấy tiền hoặc những thứ khác.",
        ),
        "rape": ("Hiếp dâm", "Có người đã ép buộc hoặc gây áp lực để quý vị quan hệ tình dục."),
        "sexual_assault": (
            "Tấn công tình dục",
            "Có người đã đụng chạm tình dục quý vị hoặc bắt quý vị tham gia một "
            "hành vi tình dục khi quý vị không đồng ý.",
        ),
        "sexual_exploitation": (
            "Bóc lột tình dục",
            "Có người đã lợi dụng quý vị về tình dục để kiếm lợi cho họ, kể cả "
            "hình ảnh của quý vị.",
        ),
        "similar_activity": (
            "Hành vi tương tự",
            "Một tội khác rất giống một trong các tội ở trên. Hãy mô tả bằng lời của quý vị.",
        ),
        "slave_trade": ("Buôn bán nô lệ", "Có người đã mua, bán hoặc giữ quý vị như một món đồ."),
        "solicitation": (
            "Xúi giục phạm một trong các tội này",
            "Có người đã nhờ hoặc trả tiền cho người khác phạm một trong các tội này "
            "đối với quý vị.",
        ),
        "stalking": (
            "Đeo bám",
            "Có người theo dõi, rình rập hoặc liên lạc với quý vị nhiều lần khiến quý vị "
            "lo sợ cho sự an toàn của mình.",
        ),
        "torture": ("Tra tấn", "Có người cố ý gây cho quý vị đau đớn hoặc khổ sở nặng nề."),
        "trafficking": (
            "Buôn người",
            "Có người bắt quý vị làm việc hoặc làm các hành vi tình dục bằng vũ lực, "
            "lừa gạt hoặc đe dọa.",
        ),
        "unlawful_criminal_restraint": (
            "Giữ người trái pháp luật",
            "Có người đã ngăn không cho quý vị rời đi hoặc đi lại tự do.",
        ),
        "witness_tampering": (
            "Gây áp lực lên nhân chứng",
            "Có người đã tìm cách ngăn cản, hoặc dọa cho quý vị sợ, để quý vị "
            "không nói với cảnh sát hay tòa án những gì quý vị biết.",
        ),
    },
    "zh-hans": {
        "abduction": ("诱拐", "有人用暴力或欺骗把您带走。"),
        "abusive_sexual_contact": ("虐待性的性接触", "有人违背您的意愿，以性的方式触摸您。"),
        "attempt": ("企图实施以上任何犯罪", "有人试图对您实施以上某种犯罪，但没有完成。"),
        "blackmail": (
            "勒索（以揭露隐私相要挟）",
            "有人威胁说，如果您不给他们某样东西，就公开关于您的信息。",
        ),
        "conspiracy": ("共谋实施以上任何犯罪", "几个人一起计划对您实施以上某种犯罪。"),
        "domestic_violence": ("家庭暴力", "伴侣、前伴侣或家庭成员伤害、威胁或控制您。"),
        "extortion": ("敲诈", "有人用威胁手段向您索取金钱、财物或服务。"),
        "false_imprisonment": ("非法拘禁", "有人在无权这样做的情况下把您关起来或扣留在某个地方。"),
        "felonious_assault": ("重罪袭击", "有人攻击您并造成严重伤害，或使用了武器。"),
        "female_genital_mutilation": ("女性生殖器切割", "有人出于非医疗原因切割或伤害女性生殖器。"),
        "foreign_labor_fraud": (
            "境外劳工招聘欺诈",
            "有人欺骗您，招募您到美国工作（18 U.S.C. 1351）。",
        ),
        "hostage": ("被扣为人质", "有人扣留并威胁您，以逼迫其他人做某件事。"),
        "incest": ("乱伦", "一位近亲和您有过性接触。"),
        "involuntary_servitude": ("非自愿劳役", "有人用威胁、暴力或恐吓逼您劳动。"),
        "kidnapping": ("绑架", "有人违背您的意愿把您带走或扣留。"),
        "manslaughter": ("过失杀人", "有人造成了一名家庭成员死亡，但并不是有意杀人。"),
        "murder": ("谋杀", "有人杀害了一名家庭成员。"),
        "obstruction_of_justice": ("妨碍司法", "有人干扰了警方对针对您的犯罪的调查或法院审理。"),
        "peonage": ("抵债劳役", "有人逼您劳动来还债。"),
        "perjury": ("伪证", "有人在宣誓后说谎，对您造成了伤害。"),
        "prostitution": ("卖淫", "有人逼您用性换取金钱或其他东西。"),
        "rape": ("强奸", "有人强迫或逼迫您发生性关系。"),
        "sexual_assault": ("性侵犯", "有人未经您同意，以性的方式触摸您，或让您参与性行为。"),
        "sexual_exploitation": ("性剥削", "有人为了自己的利益在性方面利用您，包括利用您的图像。"),
        "similar_activity": (
            "类似的活动",
            "与以上某种犯罪非常相似的其他犯罪。请用您自己的话描述。",
        ),
        "slave_trade": ("奴隶买卖", "有人把您当作财产买卖或扣留。"),
        "solicitation": ("教唆实施以上任何犯罪", "有人要求或付钱让另一个人对您实施以上某种犯罪。"),
        "stalking": ("跟踪骚扰", "有人一次又一次地跟踪、监视或联系您，让您担心自己的安全。"),
        "torture": ("酷刑", "有人故意让您遭受严重的痛苦或折磨。"),
        "trafficking": ("人口贩运", "有人用暴力、欺诈或威胁逼您劳动或进行性行为。"),
        "unlawful_criminal_restraint": ("非法限制人身自由", "有人阻止您离开或自由行动。"),
        "witness_tampering": ("干扰证人", "有人试图阻止或吓唬您，不让您把知道的事告诉警察或法院。"),
    },
}


def load(apps, schema_editor):
    QualifyingActivity = apps.get_model("certify", "QualifyingActivity")
    for activity in QualifyingActivity.objects.all():
        for language, rows in TEXTS.items():
            if activity.code in rows:
                suffix = language.replace("-", "_")
                name, description = rows[activity.code]
                setattr(activity, f"name_{suffix}", name)
                setattr(activity, f"description_{suffix}", description)
        activity.save()


class Migration(migrations.Migration):
    dependencies = [("certify", "0017_spanish_activity_wording")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
