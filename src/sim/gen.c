/* gen.c - the world generator: items, goods and realms made from the seed, and their
 * localized text.
 *
 * The lexicon has nine languages (en, es, pt, de, fr, it, ru, ko, zh); en_US/en_GB,
 * es_MX/es_ES and zh_TW/zh_CN share one. Item names are a concept word ("Frost") and a
 * noun ("Sword") joined the way each language likes it; item subclass and inventory type
 * names stay English in every locale (documented in docs/sim.md).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/gen.h"
#include "sim/rng.h"

#define NLANG 9

const char *const sim_locales[SIM_NLOCALES] = {"en_US", "es_MX", "pt_BR", "de_DE",
                                               "en_GB", "es_ES", "fr_FR", "it_IT",
                                               "ru_RU", "ko_KR", "zh_TW", "zh_CN"};
static const int locale_lang[SIM_NLOCALES] = {0, 1, 2, 3, 0, 1, 4, 5, 6, 7, 8, 8};

struct lex {
	const char *w[NLANG];
};

/* clang-format off */
static const struct lex adjectives[] = {
	{{"Frost", "Escarcha", "Geada", "Frost", "Givre", "Brina", "Инея", "서리", "冰霜"}},
	{{"Flame", "Llamas", "Chamas", "Flammen", "Flammes", "Fiamme", "Пламени", "화염", "烈焰"}},
	{{"Storm", "Tormenta", "Tempestade", "Sturm", "Tempête", "Tempesta", "Бури", "폭풍", "风暴"}},
	{{"Shadow", "Sombra", "Sombra", "Schatten", "Ombre", "Ombra", "Тени", "그림자", "暗影"}},
	{{"Sun", "Sol", "Sol", "Sonnen", "Soleil", "Sole", "Солнца", "태양", "烈日"}},
	{{"Moon", "Luna", "Lua", "Mond", "Lune", "Luna", "Луны", "달", "月光"}},
	{{"Iron", "Hierro", "Ferro", "Eisen", "Fer", "Ferro", "Железа", "강철", "钢铁"}},
	{{"Thorn", "Espinas", "Espinhos", "Dornen", "Épines", "Spine", "Шипов", "가시", "荆棘"}},
	{{"Blood", "Sangre", "Sangue", "Blut", "Sang", "Sangue", "Крови", "피", "鲜血"}},
	{{"Dawn", "Alba", "Alvorada", "Morgen", "Aube", "Alba", "Рассвета", "여명", "黎明"}},
	{{"Void", "Vacío", "Caos", "Leeren", "Vide", "Vuoto", "Бездны", "공허", "虚空"}},
	{{"Tide", "Marea", "Maré", "Gezeiten", "Marée", "Marea", "Прилива", "해일", "潮汐"}},
};

enum noun_group { N_HERB, N_ORE, N_CLOTH, N_LEATHER, N_ENCHANT, N_ELEMENT, N_POTION, N_FLASK,
                  N_FOOD, N_WEAPON, N_ARMOR, N_JEWEL, N_MISC, N_CAGE };

struct noun {
	struct lex lex;
	uint8_t group;
	uint8_t class_id, subclass_id;
	const char *subclass, *inv_type, *inv_name, *icon;
};

static const struct noun nouns[] = {
	{{{"Bloom", "Flor", "Flor", "Blüte", "Fleur", "Fiore", "Цветок", "꽃", "花"}}, N_HERB, 7, 9, "Herb", "NON_EQUIP", "Non-equippable", "inv_misc_herb_01"},
	{{{"Leaf", "Hoja", "Folha", "Blatt", "Feuille", "Foglia", "Лист", "잎", "叶"}}, N_HERB, 7, 9, "Herb", "NON_EQUIP", "Non-equippable", "inv_misc_herb_02"},
	{{{"Root", "Raíz", "Raiz", "Wurzel", "Racine", "Radice", "Корень", "뿌리", "根"}}, N_HERB, 7, 9, "Herb", "NON_EQUIP", "Non-equippable", "inv_misc_herb_03"},
	{{{"Ore", "Mena", "Minério", "Erz", "Minerai", "Minerale", "Руда", "광석", "矿石"}}, N_ORE, 7, 7, "Metal & Stone", "NON_EQUIP", "Non-equippable", "inv_ore_iron_01"},
	{{{"Bar", "Barra", "Barra", "Barren", "Barre", "Barra", "Слиток", "주괴", "锭"}}, N_ORE, 7, 7, "Metal & Stone", "NON_EQUIP", "Non-equippable", "inv_ingot_iron"},
	{{{"Cloth", "Tela", "Tecido", "Stoff", "Étoffe", "Stoffa", "Ткань", "옷감", "布料"}}, N_CLOTH, 7, 5, "Cloth", "NON_EQUIP", "Non-equippable", "inv_fabric_linen_01"},
	{{{"Silk", "Seda", "Seda", "Seide", "Soie", "Seta", "Шелк", "비단", "丝绸"}}, N_CLOTH, 7, 5, "Cloth", "NON_EQUIP", "Non-equippable", "inv_fabric_silk_01"},
	{{{"Hide", "Pellejo", "Couro", "Balg", "Peau", "Pelle", "Шкура", "가죽", "毛皮"}}, N_LEATHER, 7, 6, "Leather", "NON_EQUIP", "Non-equippable", "inv_misc_leatherscrap_02"},
	{{{"Scale", "Escama", "Escama", "Schuppe", "Écaille", "Scaglia", "Чешуя", "비늘", "鳞片"}}, N_LEATHER, 7, 6, "Leather", "NON_EQUIP", "Non-equippable", "inv_misc_monsterscales_01"},
	{{{"Dust", "Polvo", "Pó", "Staub", "Poussière", "Polvere", "Пыль", "가루", "尘"}}, N_ENCHANT, 7, 12, "Enchanting", "NON_EQUIP", "Non-equippable", "inv_enchant_dustarcane"},
	{{{"Shard", "Fragmento", "Fragmento", "Splitter", "Éclat", "Frammento", "Осколок", "파편", "碎片"}}, N_ENCHANT, 7, 12, "Enchanting", "NON_EQUIP", "Non-equippable", "inv_enchant_shardglowingsmall"},
	{{{"Essence", "Esencia", "Essência", "Essenz", "Essence", "Essenza", "Эссенция", "정수", "精华"}}, N_ELEMENT, 7, 10, "Elemental", "NON_EQUIP", "Non-equippable", "inv_elemental_primal_fire"},
	{{{"Potion", "Poción", "Poção", "Trank", "Potion", "Pozione", "Зелье", "물약", "药水"}}, N_POTION, 0, 1, "Potion", "NON_EQUIP", "Non-equippable", "inv_potion_54"},
	{{{"Flask", "Frasco", "Frasco", "Phiole", "Flacon", "Tonico", "Настой", "영약", "合剂"}}, N_FLASK, 0, 3, "Flask", "NON_EQUIP", "Non-equippable", "inv_alchemy_endlessflask_06"},
	{{{"Feast", "Festín", "Banquete", "Festmahl", "Festin", "Banchetto", "Пир", "만찬", "盛宴"}}, N_FOOD, 0, 5, "Food & Drink", "NON_EQUIP", "Non-equippable", "inv_misc_food_164_fish_seadog"},
	{{{"Sword", "Espada", "Espada", "Schwert", "Épée", "Spada", "Меч", "검", "剑"}}, N_WEAPON, 2, 7, "Sword", "WEAPON", "One-Hand", "inv_sword_39"},
	{{{"Axe", "Hacha", "Machado", "Axt", "Hache", "Ascia", "Топор", "도끼", "斧"}}, N_WEAPON, 2, 0, "Axe", "WEAPON", "One-Hand", "inv_axe_01"},
	{{{"Mace", "Maza", "Maça", "Streitkolben", "Masse", "Mazza", "Булава", "철퇴", "锤"}}, N_WEAPON, 2, 4, "Mace", "WEAPON", "One-Hand", "inv_mace_01"},
	{{{"Dagger", "Daga", "Adaga", "Dolch", "Dague", "Pugnale", "Кинжал", "단검", "匕首"}}, N_WEAPON, 2, 15, "Dagger", "WEAPON", "One-Hand", "inv_weapon_shortblade_01"},
	{{{"Staff", "Bastón", "Cajado", "Stab", "Bâton", "Bastone", "Посох", "지팡이", "法杖"}}, N_WEAPON, 2, 10, "Staff", "TWOHWEAPON", "Two-Hand", "inv_staff_01"},
	{{{"Bow", "Arco", "Arco", "Bogen", "Arc", "Arco", "Лук", "활", "弓"}}, N_WEAPON, 2, 2, "Bow", "RANGED", "Ranged", "inv_weapon_bow_01"},
	{{{"Helm", "Yelmo", "Elmo", "Helm", "Heaume", "Elmo", "Шлем", "투구", "头盔"}}, N_ARMOR, 4, 4, "Plate", "HEAD", "Head", "inv_helmet_01"},
	{{{"Shoulders", "Hombreras", "Ombreiras", "Schultern", "Épaulières", "Spallacci", "Наплечники", "어깨보호구", "护肩"}}, N_ARMOR, 4, 3, "Mail", "SHOULDER", "Shoulder", "inv_shoulder_01"},
	{{{"Chestplate", "Coraza", "Peitoral", "Brustplatte", "Cuirasse", "Corazza", "Кираса", "흉갑", "胸甲"}}, N_ARMOR, 4, 4, "Plate", "CHEST", "Chest", "inv_chest_plate01"},
	{{{"Gloves", "Guantes", "Luvas", "Handschuhe", "Gants", "Guanti", "Перчатки", "장갑", "手套"}}, N_ARMOR, 4, 2, "Leather", "HAND", "Hands", "inv_gauntlets_01"},
	{{{"Belt", "Cinturón", "Cinto", "Gürtel", "Ceinture", "Cintura", "Пояс", "허리띠", "腰带"}}, N_ARMOR, 4, 2, "Leather", "WAIST", "Waist", "inv_belt_01"},
	{{{"Leggings", "Leotardos", "Perneiras", "Beinschützer", "Jambières", "Gambali", "Поножи", "다리보호구", "护腿"}}, N_ARMOR, 4, 1, "Cloth", "LEGS", "Legs", "inv_pants_01"},
	{{{"Boots", "Botas", "Botas", "Stiefel", "Bottes", "Stivali", "Сапоги", "장화", "长靴"}}, N_ARMOR, 4, 3, "Mail", "FEET", "Feet", "inv_boots_01"},
	{{{"Bracers", "Brazales", "Braçadeiras", "Armschienen", "Brassards", "Bracciali", "Наручи", "손목보호구", "护腕"}}, N_ARMOR, 4, 1, "Cloth", "WRIST", "Wrist", "inv_bracer_01"},
	{{{"Cloak", "Capa", "Capa", "Umhang", "Cape", "Mantello", "Плащ", "망토", "披风"}}, N_ARMOR, 4, 1, "Cloth", "CLOAK", "Back", "inv_misc_cape_01"},
	{{{"Ring", "Anillo", "Anel", "Ring", "Anneau", "Anello", "Кольцо", "반지", "戒指"}}, N_JEWEL, 4, 0, "Miscellaneous", "FINGER", "Finger", "inv_jewelry_ring_01"},
	{{{"Necklace", "Collar", "Colar", "Halskette", "Collier", "Collana", "Ожерелье", "목걸이", "项链"}}, N_JEWEL, 4, 0, "Miscellaneous", "NECK", "Neck", "inv_jewelry_necklace_01"},
	{{{"Tome", "Tomo", "Tomo", "Foliant", "Tome", "Tomo", "Фолиант", "고서", "典籍"}}, N_MISC, 15, 4, "Other", "NON_EQUIP", "Non-equippable", "inv_misc_book_09"},
	{{{"Pet Cage", "Jaula de mascota", "Gaiola de mascote", "Haustierkäfig", "Cage de mascotte", "Gabbia per mascotte", "Клетка для питомца", "애완동물 우리", "宠物笼"}}, N_CAGE, 17, 0, "Humanoid", "NON_EQUIP", "Non-equippable", "inv_misc_pet_cage"},
};
#define NNOUNS (sizeof(nouns) / sizeof(nouns[0]))
#define CAGE_NOUN (NNOUNS - 1)

/* Epithets that make a name unique when its adjective and noun are taken: "Frost Bloom
 * of the Bear". German, Romance and Russian take them after the name, Korean and Chinese
 * before it. */
static const struct lex suffixes[] = {
	{{"of the Bear", "del Oso", "do Urso", "des Bären", "de l'Ours", "dell'Orso", "Медведя", "곰의", "巨熊"}},
	{{"of the Wolf", "del Lobo", "do Lobo", "des Wolfes", "du Loup", "del Lupo", "Волка", "늑대의", "灰狼"}},
	{{"of the Eagle", "del Águila", "da Águia", "des Adlers", "de l'Aigle", "dell'Aquila", "Орла", "독수리의", "雄鹰"}},
	{{"of the Owl", "del Búho", "da Coruja", "der Eule", "du Hibou", "del Gufo", "Совы", "올빼미의", "夜枭"}},
	{{"of the Tiger", "del Tigre", "do Tigre", "des Tigers", "du Tigre", "della Tigre", "Тигра", "호랑이의", "猛虎"}},
	{{"of the Whale", "de la Ballena", "da Baleia", "des Wals", "de la Baleine", "della Balena", "Кита", "고래의", "巨鲸"}},
	{{"of the Serpent", "de la Serpiente", "da Serpente", "der Schlange", "du Serpent", "del Serpente", "Змея", "뱀의", "巨蛇"}},
	{{"of the Monkey", "del Mono", "do Macaco", "des Affen", "du Singe", "della Scimmia", "Обезьяны", "원숭이의", "灵猴"}},
	{{"of the Falcon", "del Halcón", "do Falcão", "des Falken", "du Faucon", "del Falco", "Сокола", "매의", "猎隼"}},
	{{"of the Boar", "del Jabalí", "do Javali", "des Ebers", "du Sanglier", "del Cinghiale", "Вепря", "멧돼지의", "野猪"}},
	{{"of the Stag", "del Ciervo", "do Cervo", "des Hirsches", "du Cerf", "del Cervo", "Оленя", "사슴의", "雄鹿"}},
	{{"of the Raven", "del Cuervo", "do Corvo", "des Raben", "du Corbeau", "del Corvo", "Ворона", "까마귀의", "渡鸦"}},
	{{"of the Fox", "del Zorro", "da Raposa", "des Fuchses", "du Renard", "della Volpe", "Лиса", "여우의", "狐狸"}},
	{{"of the Hawk", "del Gavilán", "do Gavião", "des Habichts", "de l'Épervier", "dello Sparviero", "Ястреба", "새매의", "苍鹰"}},
	{{"of the Lion", "del León", "do Leão", "des Löwen", "du Lion", "del Leone", "Льва", "사자의", "雄狮"}},
	{{"of the Dragon", "del Dragón", "do Dragão", "des Drachen", "du Dragon", "del Drago", "Дракона", "용의", "巨龙"}},
};
#define NSUFFIXES (sizeof(suffixes) / sizeof(suffixes[0]))
#define NADJECTIVES (sizeof(adjectives) / sizeof(adjectives[0]))

static const struct lex qualities[] = {
	{{"Poor", "Pobre", "Inferior", "Schlecht", "Médiocre", "Scadente", "Низкий", "하급", "粗糙"}},
	{{"Common", "Común", "Comum", "Verbreitet", "Classique", "Comune", "Обычный", "일반", "普通"}},
	{{"Uncommon", "Poco común", "Incomum", "Selten", "Inhabituel", "Non comune", "Необычный", "고급", "优秀"}},
	{{"Rare", "Raro", "Raro", "Rar", "Rare", "Raro", "Редкий", "희귀", "精良"}},
	{{"Epic", "Épico", "Épico", "Episch", "Épique", "Epico", "Эпический", "영웅", "史诗"}},
	{{"Legendary", "Legendario", "Lendário", "Legendär", "Légendaire", "Leggendario", "Легендарный", "전설", "传说"}},
};
static const char *const quality_types[] = {"POOR", "COMMON", "UNCOMMON", "RARE", "EPIC", "LEGENDARY"};

static const struct {
	int id;
	struct lex lex;
} classes[] = {
	{0, {{"Consumable", "Consumible", "Consumível", "Verbrauchbar", "Consommable", "Consumabili", "Расходуемые", "소비용품", "消耗品"}}},
	{2, {{"Weapon", "Arma", "Arma", "Waffe", "Arme", "Armi", "Оружие", "무기", "武器"}}},
	{4, {{"Armor", "Armadura", "Armadura", "Rüstung", "Armure", "Armature", "Доспехи", "방어구", "护甲"}}},
	{7, {{"Tradeskill", "Objeto comerciable", "Mercadorias", "Handwerkswaren", "Artisanat", "Beni commerciali", "Хозяйственные товары", "직업용품", "商品"}}},
	{15, {{"Miscellaneous", "Miscelánea", "Diversos", "Verschiedenes", "Divers", "Varie", "Разное", "기타", "杂项"}}},
	{17, {{"Battle Pets", "Mascotas de duelo", "Mascotes de Batalha", "Kampfhaustiere", "Mascottes de combat", "Mascotte da combattimento", "Боевые питомцы", "전투 애완동물", "战斗宠物"}}},
};

static const struct lex populations[] = {
	{{"Low", "Bajo", "Baixo", "Niedrig", "Faible", "Bassa", "Низкая", "쾌적", "低"}},
	{{"Medium", "Medio", "Médio", "Mittel", "Moyenne", "Media", "Средняя", "보통", "中"}},
	{{"High", "Alto", "Alto", "Hoch", "Élevée", "Alta", "Высокая", "혼잡", "高"}},
	{{"Full", "Lleno", "Completo", "Voll", "Complet", "Saturo", "Нет мест", "정원초과", "满"}},
	{{"New Players", "Jugadores nuevos", "Novos jogadores", "Neue Spieler", "Nvx joueurs", "Nuovi giocatori", "Новые игроки", "신규 플레이어", "推荐"}},
};
static const char *const population_types[] = {"LOW", "MEDIUM", "HIGH", "FULL", "RECOMMENDED"};

static const struct lex statuses[] = {
	{{"Down", "Inactivo", "Para Baixo", "Offline", "Hors ligne", "Non attivo", "Отключен", "점검 중", "离线"}},
	{{"Up", "Disponible", "Para Cima", "Verfügbar", "En ligne", "Attivo", "Работает", "정상", "正常"}},
};
static const struct lex realm_types[] = {
	{{"Normal", "Normal", "Normal", "Normal", "Normal", "Normale", "Обычный", "일반", "普通"}},
	{{"Roleplaying", "Juego de rol", "Interpretação", "Rollenspiel", "JdR", "Gioco di Ruolo", "Ролевой", "롤플레이", "角色扮演"}},
};
static const struct lex houses[] = {
	{{"Alliance Auction House", "Casa de subastas de la Alianza", "Casa de Leilões da Aliança", "Auktionshaus der Allianz", "Hôtel des ventes de l'Alliance", "Casa d'Aste dell'Alleanza", "Аукцион Альянса", "얼라이언스 경매장", "联盟拍卖行"}},
	{{"Horde Auction House", "Casa de subastas de la Horda", "Casa de Leilões da Horda", "Auktionshaus der Horde", "Hôtel des ventes de la Horde", "Casa d'Aste dell'Orda", "Аукцион Орды", "호드 경매장", "部落拍卖行"}},
	{{"Blackwater Auction House", "Casa de subastas Aguasnegras", "Casa de Leilões Águas Negras", "Auktionshaus von Schwarzmeer", "Hôtel des ventes de Noiredrive", "Casa d'Aste di Acquanera", "Аукцион Черноводья", "검은바다 경매장", "黑水拍卖行"}},
};

static const struct lex categories[] = {
	{{"English", "Inglés", "Inglês", "Englisch", "Anglais", "Inglese", "Англ.", "영어", "英国"}},
	{{"German", "Alemán", "Alemão", "Deutsch", "Allemand", "Tedesco", "Нем.", "독일어", "德国"}},
	{{"French", "Francés", "Francês", "Französisch", "Français", "Francese", "Франц.", "프랑스어", "法国"}},
	{{"Spanish", "Español", "Espanhol", "Spanisch", "Espagnol", "Spagnolo", "Исп.", "스페인어", "西班牙"}},
	{{"Russian", "Ruso", "Russo", "Russisch", "Russe", "Russo", "Русский", "러시아어", "俄国"}},
	{{"Italian", "Italiano", "Italiano", "Italienisch", "Italien", "Italiano", "Итальянск.", "이탈리아어", "意大利"}},
	{{"United States", "Estados Unidos", "Estados Unidos", "Vereinigte Staaten", "États-Unis", "Stati Uniti", "США", "미국", "美国"}},
	{{"Oceanic", "Oceánico", "Oceania", "Ozeanien", "Océanie", "Oceania", "Океания", "오세아니아", "大洋洲"}},
	{{"Latin America", "Latinoamérica", "América Latina", "Lateinamerika", "Amérique latine", "America Latina", "Латинская Америка", "라틴 아메리카", "拉丁美洲"}},
	{{"Brazil", "Brasil", "Brasil", "Brasilien", "Brésil", "Brasile", "Бразилия", "브라질", "巴西"}},
	{{"Korea", "Corea", "Coreia", "Korea", "Corée", "Corea", "Корея", "한국", "韩国"}},
	{{"Taiwan", "Taiwán", "Taiwan", "Taiwan", "Taïwan", "Taiwan", "Тайвань", "대만", "台湾"}},
};

static const struct lex region_names[] = {
	{{"North America", "Norteamérica", "América do Norte", "Nordamerika", "Amérique du Nord", "Nord America", "Северная Америка", "북미", "北美"}},
	{{"Korea", "Corea", "Coreia", "Korea", "Corée", "Corea", "Корея", "한국", "韩国"}},
	{{"Europe", "Europa", "Europa", "Europa", "Europe", "Europa", "Европа", "유럽", "欧洲"}},
	{{"Taiwan", "Taiwán", "Taiwan", "Taiwan", "Taïwan", "Taiwan", "Тайвань", "대만", "台湾"}},
};

/* Realm name syllables: Latin (lower case), Cyrillic capital and lower case, Hangul, CJK. */
static const struct {
	const char *lat, *cyr_cap, *cyr, *ko, *zh;
} syllables[] = {
	{"ar", "Ар", "ар", "아르", "阿"}, {"bel", "Бел", "бел", "벨", "贝"}, {"dra", "Дра", "дра", "드라", "德"},
	{"kor", "Кор", "кор", "코르", "科"}, {"mal", "Мал", "мал", "말", "玛"}, {"nor", "Нор", "нор", "노르", "诺"},
	{"tha", "Та", "та", "타", "萨"}, {"vel", "Вел", "вел", "벨", "维"}, {"zan", "Зан", "зан", "잔", "赞"},
	{"gor", "Гор", "гор", "고르", "戈"}, {"ash", "Аш", "аш", "애쉬", "艾"}, {"ran", "Ран", "ран", "란", "兰"},
	{"dun", "Дун", "дун", "던", "顿"}, {"mor", "Мор", "мор", "모르", "莫"}, {"sil", "Сил", "сил", "실", "希"},
	{"tor", "Тор", "тор", "토르", "托"}, {"ul", "Ул", "ул", "울", "乌"}, {"ka", "Ка", "ка", "카", "卡"},
	{"lor", "Лор", "лор", "로르", "洛"}, {"en", "Эн", "эн", "엔", "恩"}, {"gal", "Гал", "гал", "갈", "加"},
	{"rim", "Рим", "рим", "림", "林"}, {"thu", "Ту", "ту", "투", "图"}, {"vor", "Вор", "вор", "보르", "沃"},
};
#define NSYL (sizeof(syllables) / sizeof(syllables[0]))

/* Realm kinds per region: locale, timezone, category, share in percent, Cyrillic. */
struct kind_row {
	const char *locale, *timezone;
	int category, share, ru;
};
static const struct kind_row kinds_eu[] = {
	{"enGB", "Europe/Paris", 0, 40, 0}, {"deDE", "Europe/Paris", 1, 25, 0},
	{"frFR", "Europe/Paris", 2, 14, 0}, {"ruRU", "Europe/Paris", 4, 10, 1},
	{"esES", "Europe/Paris", 3, 7, 0},  {"itIT", "Europe/Paris", 5, 2, 0},
	{"ptPT", "Europe/Paris", 0, 2, 0},
};
static const struct kind_row kinds_us[] = {
	{"enUS", "America/Los_Angeles", 6, 30, 0}, {"enUS", "America/Chicago", 6, 25, 0},
	{"enUS", "America/New_York", 6, 25, 0},    {"enUS", "America/Denver", 6, 5, 0},
	{"enUS", "Australia/Melbourne", 7, 6, 0},  {"esMX", "America/Chicago", 8, 5, 0},
	{"ptBR", "America/Sao_Paulo", 9, 4, 0},
};
static const struct kind_row kinds_kr[] = {{"koKR", "Asia/Seoul", 10, 100, 0}};
static const struct kind_row kinds_tw[] = {{"zhTW", "Asia/Taipei", 11, 100, 0}};
/* clang-format on */

static const struct region_row {
	const char *name;
	int id;
	const struct kind_row *kinds;
	size_t nkinds;
	/* Each flavour's first realm id. A Classic flavour's realms (at most
	 * SIM_MAX_CLASSIC_REALMS, ids at most 9 apart) stay below the next one's. */
	int first_id[SIM_NFLAVORS];
} regions[] = {
        {"us", 1, kinds_us, 7, {1, 4372, 5372, 6372}},
        {"kr", 2, kinds_kr, 1, {205, 4417, 5417, 6417}},
        {"eu", 3, kinds_eu, 7, {500, 4440, 5440, 6440}},
        {"tw", 4, kinds_tw, 1, {963, 4485, 5485, 6485}},
};

const char *const sim_flavor_names[SIM_NFLAVORS] = {"", "classic", "classic1x", "classicann"};

/* The market's birth: Monday 2026-11-02 00:00:00 UTC. Fixed, so that the same seed and
 * the same calls give the same bytes on any day. */
#define SIM_EPOCH 1793577600

int sim_locale_index(const char *name)
{
	for (int i = 0; i < SIM_NLOCALES; i++)
		if (strcmp(sim_locales[i], name) == 0)
			return i;
	return -1;
}

static const char *lex_word(const struct lex *l, int locale)
{
	return l->w[locale_lang[locale]];
}

static const struct region_row *region_of(const struct sim_gen *c)
{
	return &regions[c->region_id - 1];
}

/* ---- items and goods ---- */

struct builder {
	struct sim_rng rng;
	struct sim_gen *c;
	size_t items_cap, goods_cap;
	int32_t next_id;
	/* names given: adjective, noun, suffix (0 none, else 1 + index) */
	uint8_t named[NADJECTIVES][NNOUNS][NSUFFIXES + 1];
};

/* Gives it a name no other good has: its adjective and noun alone when free, else with
 * the first free suffix, else another adjective's. Picked by a hash of the id, not the
 * generator's stream, so the rest of the world stays what the seed made it. */
static void name_item(struct builder *g, struct sim_item *it)
{
	uint64_t h = sim_hash((uint64_t)it->id, 0x4a3e);

	for (size_t a = 0; a < NADJECTIVES; a++) {
		size_t adj = (it->adj + a) % NADJECTIVES;
		for (size_t k = 0; k <= NSUFFIXES; k++) {
			size_t suffix = k == 0 ? 0 : 1 + (h + k) % NSUFFIXES;
			if (g->named[adj][it->noun][suffix])
				continue;
			g->named[adj][it->noun][suffix] = 1;
			it->adj = (uint8_t)adj;
			it->suffix = (uint8_t)suffix;
			return;
		}
	}
	abort(); /* sim_gen_new makes fewer goods of a noun group than it has names */
}

static double log_uniform(struct sim_rng *r, double lo, double hi)
{
	return exp(log(lo) + (log(hi) - log(lo)) * sim_rng_unit(r));
}

static struct sim_item *add_item(struct builder *g)
{
	struct sim_gen *c = g->c;
	if (c->nitems == g->items_cap) {
		g->items_cap = g->items_cap ? 2 * g->items_cap : 1024;
		c->items = xrealloc(c->items, g->items_cap * sizeof(*c->items));
	}
	struct sim_item *it = &c->items[c->nitems++];
	memset(it, 0, sizeof(*it));
	return it;
}

static void add_good(struct builder *g, uint32_t item, int32_t species, int64_t price, double vol)
{
	struct sim_gen *c = g->c;
	if (c->ngoods == g->goods_cap) {
		g->goods_cap = g->goods_cap ? 2 * g->goods_cap : 1024;
		c->goods = xrealloc(c->goods, g->goods_cap * sizeof(*c->goods));
	}
	struct sim_good *gd = &c->goods[c->ngoods++];
	gd->item = item;
	gd->species = species;
	gd->price = price;
	gd->volatility = vol;
	/* For now the good's own taste noise; rank_goods turns it into a popularity. */
	gd->weight = sim_rng_normal(&g->rng);
}

static int pick_noun(struct builder *g, int lo_group, int hi_group)
{
	for (;;) {
		int n = (int)sim_rng_below(&g->rng, NNOUNS);
		if (nouns[n].group >= lo_group && nouns[n].group <= hi_group)
			return n;
	}
}

static void gen_commodities(struct builder *g, int nbases)
{
	for (int b = 0; b < nbases; b++) {
		int noun = pick_noun(g, N_HERB, N_FOOD);
		int tiers = nouns[noun].group <= N_ELEMENT && sim_rng_unit(&g->rng) < 0.6 ? 3 : 1;
		/* 20 silver to 150 gold for materials, 400 gold for potions and flasks: below
		 * that, whole-silver prices would move in steps of 10% and more. */
		double price =
		        log_uniform(&g->rng, 2000, nouns[noun].group >= N_POTION ? 4e6 : 1.5e6);
		int adj = (int)sim_rng_below(&g->rng, sizeof(adjectives) / sizeof(adjectives[0]));
		int quality = (int)sim_rng_range(&g->rng, 1, 3);
		double vol = 0.01 + 0.03 * sim_rng_unit(&g->rng);

		g->next_id += (int32_t)sim_rng_range(&g->rng, 1, 40);
		for (int t = 0; t < tiers; t++) {
			struct sim_item *it = add_item(g);
			it->id = g->next_id++;
			it->nature = SIM_COMMODITY;
			it->quality = (uint8_t)quality;
			it->tier = tiers > 1 ? (uint8_t)(t + 1) : 0;
			it->adj = (uint8_t)adj;
			it->noun = (uint8_t)noun;
			it->level = (uint16_t)sim_rng_range(&g->rng, 1, 80);
			/* the tiers of a reagent share its name, as on the real API */
			if (t == 0)
				name_item(g, it);
			else {
				it->adj = it[-1].adj;
				it->suffix = it[-1].suffix;
			}
			it->sell_price = (int64_t)(price / 20) / 10 * 10;
			it->purchase_price = it->sell_price * 4;
			add_good(g, (uint32_t)(g->c->nitems - 1), 0,
			         (int64_t)(price * (1 + 0.6 * t)), vol);
			/* The tiers of a reagent are wanted together. */
			if (t > 0)
				g->c->goods[g->c->ngoods - 1].weight =
				        g->c->goods[g->c->ngoods - 2].weight;
		}
	}
}

static void gen_gear_and_misc(struct builder *g, int ngear, int nmisc)
{
	for (int i = 0; i < ngear + nmisc; i++) {
		int misc = i >= ngear;
		int noun = misc ? pick_noun(g, N_MISC, N_MISC) : pick_noun(g, N_WEAPON, N_JEWEL);
		struct sim_item *it = add_item(g);
		double price;

		g->next_id += (int32_t)sim_rng_range(&g->rng, 1, 12);
		it->id = g->next_id;
		it->nature = misc ? SIM_MISC : SIM_GEAR;
		it->noun = (uint8_t)noun;
		it->adj =
		        (uint8_t)sim_rng_below(&g->rng, sizeof(adjectives) / sizeof(adjectives[0]));
		name_item(g, it);
		it->quality = (uint8_t)(misc ? 1 : sim_rng_range(&g->rng, 2, 4));
		it->level = (uint16_t)(misc ? 1 : sim_rng_range(&g->rng, 180, 640));
		it->required_level = (uint16_t)(misc ? 0 : sim_rng_range(&g->rng, 60, 80));
		it->sell_price = misc ? 0 : (int64_t)it->level * sim_rng_range(&g->rng, 50, 400);
		it->purchase_price = it->sell_price * 5;
		price = log_uniform(&g->rng, 5e4, 4e7) * (it->quality == 4 ? 8 : 1);
		/* Nobody lists below what a vendor pays. */
		if (price < 3.0 * (double)it->sell_price)
			price = 3.0 * (double)it->sell_price;
		add_good(g, (uint32_t)(g->c->nitems - 1), 0, (int64_t)price,
		         0.02 + 0.03 * sim_rng_unit(&g->rng));
	}
}

static void gen_pets(struct builder *g, int nspecies)
{
	struct sim_item *it = add_item(g);
	uint32_t cage = (uint32_t)(g->c->nitems - 1);
	int32_t species = 38;

	it->id = MODEL_PET_CAGE_ITEM;
	it->nature = SIM_PET;
	it->noun = CAGE_NOUN;
	it->quality = 1;
	it->level = 1;
	g->c->npets = (size_t)nspecies;
	for (int i = 0; i < nspecies; i++) {
		species += (int32_t)sim_rng_range(&g->rng, 1, 14);
		add_good(g, cage, species, (int64_t)log_uniform(&g->rng, 2e4, 5e7),
		         0.02 + 0.03 * sim_rng_unit(&g->rng));
	}
}

struct ranked {
	double score;
	size_t good;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return (x->good > y->good) - (x->good < y->good);
}

/* Popularity of the goods [lo, hi), which trade in one house: Zipf-Mandelbrot over a rank
 * that favours cheap goods, 1 / (rank + 30)^1.5, normalised to sum 1. So a house lists
 * most of its auctions on a head of a few hundred goods, each with competing listings,
 * and the number of goods listed grows with the house's size. */
static void rank_goods(struct sim_gen *c, size_t lo, size_t hi)
{
	size_t n = hi - lo;
	struct ranked *r = xmalloc(n * sizeof(*r));
	double total = 0;

	for (size_t i = 0; i < n; i++) {
		r[i].score = log((double)c->goods[lo + i].price) + 1.5 * c->goods[lo + i].weight;
		r[i].good = lo + i;
	}
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (size_t i = 0; i < n; i++)
		total += pow((double)i + 30, -1.5);
	for (size_t i = 0; i < n; i++)
		c->goods[r[i].good].weight = pow((double)i + 30, -1.5) / total;
	free(r);
}

static int cmp_item(const void *a, const void *b)
{
	const struct sim_item *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* Items are generated in goods order; sorting them by id needs the goods re-pointed. */
static void sort_items(struct sim_gen *c)
{
	int32_t *ids = xmalloc(c->nitems * sizeof(*ids));
	for (size_t i = 0; i < c->nitems; i++)
		ids[i] = c->items[i].id;
	qsort(c->items, c->nitems, sizeof(*c->items), cmp_item);
	for (size_t i = 0; i < c->ngoods; i++)
		c->goods[i].item = (uint32_t)sim_gen_item_index(c, ids[c->goods[i].item]);
	free(ids);
}

/* ---- realms ---- */

static int realm_name_taken(const struct sim_gen *c, size_t n, const struct sim_realm *r)
{
	for (size_t i = 0; i < n; i++)
		if (c->realms[i].nsyl == r->nsyl && memcmp(c->realms[i].syl, r->syl, r->nsyl) == 0)
			return 1;
	return 0;
}

static int pick_kind(struct sim_rng *rng, const struct region_row *reg)
{
	int x = (int)sim_rng_below(rng, 100), acc = 0;
	for (size_t k = 0; k < reg->nkinds; k++) {
		acc += reg->kinds[k].share;
		if (x < acc)
			return (int)k;
	}
	return 0;
}

static void gen_crealm(struct builder *g, struct sim_crealm *cr, int32_t *next_id, int flavor,
                       size_t *realms_cap)
{
	struct sim_gen *c = g->c;
	const struct region_row *reg = region_of(c);
	double x = sim_rng_unit(&g->rng);
	uint32_t n = flavor     ? 1
	             : x < 0.5  ? 1
	             : x < 0.75 ? 2
	             : x < 0.9  ? 3
	                        : (uint32_t)sim_rng_range(&g->rng, 4, 7);

	cr->flavor = (uint8_t)flavor;
	cr->kind = (uint8_t)pick_kind(&g->rng, reg);
	cr->population = (uint8_t)sim_rng_below(&g->rng, 5);
	cr->rp = sim_rng_unit(&g->rng) < 0.15;
	cr->has_queue = cr->population == 3 && sim_rng_unit(&g->rng) < 0.3;
	cr->offset = (int32_t)sim_rng_below(&g->rng, 3600);
	cr->first = (uint32_t)c->nrealms;
	cr->nrealms = n;
	for (uint32_t i = 0; i < n; i++) {
		struct sim_realm r = {0};
		*next_id += (int32_t)sim_rng_range(&g->rng, 1, 9);
		r.id = *next_id;
		do {
			r.nsyl = (uint8_t)sim_rng_range(&g->rng, 2, 3);
			for (int s = 0; s < r.nsyl; s++)
				r.syl[s] = (uint8_t)sim_rng_below(&g->rng, NSYL);
		} while (realm_name_taken(c, c->nrealms, &r));
		if (c->nrealms == *realms_cap) {
			*realms_cap = *realms_cap ? 2 * *realms_cap : 64;
			c->realms = xrealloc(c->realms, *realms_cap * sizeof(*c->realms));
		}
		c->realms[c->nrealms++] = r;
	}
	cr->id = c->realms[cr->first].id;
}

/* Retail's realms, then each Classic flavour's in enum order (so a seed's retail and
 * Classic progression realms are those it had before the other flavours came). */
static void gen_realms(struct builder *g, const int counts[SIM_NFLAVORS])
{
	struct sim_gen *c = g->c;
	const struct region_row *reg = region_of(c);
	size_t cap = 0, k = 0;

	for (int f = 0; f < SIM_NFLAVORS; f++)
		c->ncrealms += (size_t)counts[f];
	c->nretail = (size_t)counts[SIM_RETAIL];
	c->crealms = xcalloc(c->ncrealms, sizeof(*c->crealms));
	for (int f = 0; f < SIM_NFLAVORS; f++) {
		int32_t next = reg->first_id[f];
		for (int i = 0; i < counts[f]; i++)
			gen_crealm(g, &c->crealms[k++], &next, f, &cap);
	}
	/* The last Era realm, when there are two or more, under the first retail realm's id,
	 * so that a store that keys realms by id alone is caught mixing them. */
	if (counts[SIM_CLASSIC1X] > 1) {
		struct sim_crealm *era = &c->crealms[k - (size_t)counts[SIM_CLASSICANN] - 1];
		era->id = c->realms[era->first].id = c->crealms[0].id;
	}
}

int sim_gen_new(uint64_t seed, const char *region, const int realms[SIM_NFLAVORS],
                struct sim_gen **out, struct err *e)
{
	struct sim_gen *c;
	struct builder g = {0};
	const struct region_row *reg = NULL;
	int counts[SIM_NFLAVORS];

	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		if (strcmp(regions[i].name, region) == 0)
			reg = &regions[i];
	if (!reg)
		return err_set(e, WOWAH_EUSAGE, "unknown region '%s' (use eu, us, kr or tw)",
		               region);
	if (realms[SIM_RETAIL] < 1 || realms[SIM_RETAIL] > 300)
		return err_set(e, WOWAH_EUSAGE, "realms must be 1 to 300, not %d",
		               realms[SIM_RETAIL]);
	counts[SIM_RETAIL] = realms[SIM_RETAIL];
	for (int f = SIM_CLASSIC; f < SIM_NFLAVORS; f++) {
		if (realms[f] < SIM_NO_REALMS || realms[f] > SIM_MAX_CLASSIC_REALMS)
			return err_set(e, WOWAH_EUSAGE, "%s realms must be 0 to %d, not %d",
			               sim_flavor_names[f], SIM_MAX_CLASSIC_REALMS, realms[f]);
		int least = f == SIM_CLASSIC1X ? 2 : 1; /* Era: one of its own ids, one shared */
		counts[f] = realms[f] == SIM_NO_REALMS       ? 0
		            : realms[f]                      ? realms[f]
		            : realms[SIM_RETAIL] / 5 > least ? realms[SIM_RETAIL] / 5
		                                             : least;
	}
	c = xcalloc(1, sizeof(*c));
	snprintf(c->region, sizeof(c->region), "%s", region);
	c->region_id = reg->id;
	c->epoch = SIM_EPOCH;
	g.c = c;
	g.next_id = 190000;
	sim_rng_init(&g.rng, seed, 0xca7a109);
	gen_commodities(&g, 420);
	c->ncommodity = c->ngoods;
	gen_gear_and_misc(&g, 2200, 160);
	gen_pets(&g, 260);
	rank_goods(c, 0, c->ncommodity);
	rank_goods(c, c->ncommodity, c->ngoods);
	sort_items(c);
	gen_realms(&g, counts);
	*out = c;
	return WOWAH_OK;
}

void sim_gen_free(struct sim_gen *c)
{
	if (!c)
		return;
	free(c->items);
	free(c->goods);
	free(c->realms);
	free(c->crealms);
	free(c);
}

long sim_gen_item_index(const struct sim_gen *c, int32_t id)
{
	size_t lo = 0, hi = c->nitems;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->items[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nitems && c->items[lo].id == id ? (long)lo : -1;
}

const struct sim_crealm *sim_gen_crealm(const struct sim_gen *c, int32_t id, int flavor)
{
	for (size_t i = 0; i < c->ncrealms; i++)
		if (c->crealms[i].id == id && c->crealms[i].flavor == flavor)
			return &c->crealms[i];
	return NULL;
}

/* ---- text ---- */

/* The adjective and noun joined the way the language likes it. */
static void item_words(int lang, const char *a, const char *n, struct buf *out)
{
	switch (lang) {
	case 1:
	case 2:
	case 4:
		buf_printf(out, "%s de %s", n, a);
		break;
	case 5:
		buf_printf(out, "%s di %s", n, a);
		break;
	case 3: /* German compounds: "Frost" + "schwert" */
		buf_printf(out, "%s%c%s", a, tolower((unsigned char)n[0]), n + 1);
		break;
	case 6:
		buf_printf(out, "%s %s", n, a);
		break;
	case 8:
		buf_printf(out, "%s之%s", a, n);
		break;
	default:
		buf_printf(out, "%s %s", a, n);
	}
}

/* The word of a Classic item's older name; no adjective of the lexicon. */
static const struct lex ancient = {
        {"Ancient", "Antiguo", "Antigo", "Uralter", "Ancien", "Antico", "Древний", "고대", "远古"}};

void sim_item_of_flavor(struct sim_item *it, int flavor)
{
	it->old_name =
	        flavor != SIM_RETAIL && it->noun != CAGE_NOUN && (it->adj + it->noun) % 3 == 0;
}

void sim_item_name(const struct sim_gen *c, const struct sim_item *it, int locale, struct buf *out)
{
	int lang = locale_lang[locale];
	const char *a = adjectives[it->adj].w[lang], *n = nouns[it->noun].lex.w[lang];
	const char *sfx = it->suffix ? suffixes[it->suffix - 1].w[lang] : NULL;
	(void)c;

	if (it->noun == CAGE_NOUN) {
		buf_puts(out, n);
		return;
	}
	if (it->old_name)
		buf_printf(out, "%s%s", ancient.w[lang], lang == 8 ? "" : " ");
	if (sfx && lang >= 7) /* Korean and Chinese put it first */
		buf_printf(out, "%s%s", sfx, lang == 7 ? " " : "");
	item_words(lang, a, n, out);
	if (sfx && lang < 7)
		buf_printf(out, " %s", sfx);
}

void sim_realm_name(const struct sim_realm *r, int ru, int locale, struct buf *out)
{
	int lang = locale_lang[locale];
	for (int s = 0; s < r->nsyl; s++) {
		const char *lat = syllables[r->syl[s]].lat;
		if (lang == 8)
			buf_puts(out, syllables[r->syl[s]].zh);
		else if (ru && lang == 6)
			buf_puts(out, s ? syllables[r->syl[s]].cyr : syllables[r->syl[s]].cyr_cap);
		else if (s == 0)
			buf_printf(out, "%c%s", toupper((unsigned char)lat[0]), lat + 1);
		else
			buf_puts(out, lat);
	}
}

void sim_realm_slug(const struct sim_realm *r, struct buf *out)
{
	for (int s = 0; s < r->nsyl; s++)
		buf_puts(out, syllables[r->syl[s]].lat);
}

const char *sim_word_quality(int quality, int locale)
{
	return lex_word(&qualities[quality], locale);
}

const char *sim_word_quality_type(int quality)
{
	return quality_types[quality];
}

const char *sim_word_item_class(int class_id, int locale)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (classes[i].id == class_id)
			return lex_word(&classes[i].lex, locale);
	return "";
}

const char *sim_word_population(int pop, int locale)
{
	return lex_word(&populations[pop], locale);
}

const char *sim_word_population_type(int pop)
{
	return population_types[pop];
}

const char *sim_word_status(int up, int locale)
{
	return lex_word(&statuses[up ? 1 : 0], locale);
}

const char *sim_word_realm_type(int rp, int locale)
{
	return lex_word(&realm_types[rp ? 1 : 0], locale);
}

const char *sim_word_region(const struct sim_gen *c, int locale)
{
	return lex_word(&region_names[c->region_id - 1], locale);
}

const char *sim_word_house(int house, int locale)
{
	return lex_word(&houses[house == 2 ? 0 : house == 6 ? 1 : 2], locale);
}

const char *sim_word_category(int category, int locale)
{
	return lex_word(&categories[category], locale);
}

void sim_item_kind(const struct sim_item *it, struct sim_item_kind *out)
{
	const struct noun *n = &nouns[it->noun];
	out->class_id = n->class_id;
	out->subclass_id = n->subclass_id;
	out->subclass = n->subclass;
	out->inventory_type = n->inv_type;
	out->inventory_name = n->inv_name;
	out->icon = n->icon;
	out->stackable = it->nature == SIM_COMMODITY;
	out->equippable = it->nature == SIM_GEAR;
	out->max_count = it->nature == SIM_GEAR && it->quality == 4 ? 1 : 0;
}

static const struct {
	const char *type, *name;
} primaries[] = {{"STRENGTH", "Strength"}, {"AGILITY", "Agility"}, {"INTELLECT", "Intellect"}},
  secondaries[] = {{"CRIT_RATING", "Critical Strike"},
                   {"HASTE_RATING", "Haste"},
                   {"MASTERY_RATING", "Mastery"},
                   {"VERSATILITY", "Versatility"}};

static void add_stat(struct sim_item_tooltip *t, const char *type, const char *name, int value,
                     int secondary)
{
	struct sim_stat *st = &t->stats[t->nstats++];
	st->type = type;
	st->name = name;
	st->value = value > 0 ? value : 1;
	st->secondary = secondary;
}

/* Numbers grow with the item level, like the game's budgets; the hash of the id picks
 * which stats. */
int sim_item_tooltip(const struct sim_item *it, struct sim_item_tooltip *out)
{
	const struct noun *n = &nouns[it->noun];
	uint64_t h = sim_hash((uint64_t)it->id, 0x7001);
	int budget = it->level * (2 + it->quality) / 4;
	size_t p = h % 3, s1 = (h >> 8) % 4, s2 = (s1 + 1 + (h >> 16) % 3) % 4;

	if (it->nature != SIM_GEAR)
		return -1;
	memset(out, 0, sizeof(*out));
	out->unique = n->group == N_JEWEL && it->quality >= 4;
	if (n->group == N_WEAPON) {
		int two = strcmp(n->inv_type, "WEAPON") != 0;
		out->speed_ms = two ? 3600 : 2600 - 100 * (int)((h >> 24) % 10);
		out->damage_min = it->level * out->speed_ms / (two ? 900 : 1300);
		out->damage_max = out->damage_min * 3 / 2 + 1;
		out->dps = (out->damage_min + out->damage_max) / 2.0 / (out->speed_ms / 1000.0);
	}
	if (n->group != N_JEWEL && strcmp(n->inv_type, "CLOAK") != 0)
		out->durability = 35 + 5 * (int)((h >> 32) % 20);
	if (n->group != N_JEWEL)
		add_stat(out, primaries[p].type, primaries[p].name, budget, 0);
	add_stat(out, "STAMINA", "Stamina", budget * 3 / 2, 0);
	add_stat(out, secondaries[s1].type, secondaries[s1].name, budget / 2, 1);
	add_stat(out, secondaries[s2].type, secondaries[s2].name, budget / 3, 1);
	return 0;
}

/* Spell ids apart from item ids, one per item. */
#define SPELL_ID_BASE 300000

int sim_item_spell(const struct sim_item *it, struct sim_item_spell *out)
{
	const struct noun *n = &nouns[it->noun];
	uint64_t h = sim_hash((uint64_t)it->id, 0x5fe11);
	int power = 20 * it->level + (int)(h % 200);
	size_t p = (h >> 8) % 3, s = (h >> 16) % 4;

	switch (n->group) {
	case N_POTION:
		snprintf(out->description, sizeof(out->description), "Use: Restores %d %s.",
		         100 * power, h % 2 ? "health" : "mana");
		break;
	case N_FLASK:
		snprintf(out->description, sizeof(out->description),
		         "Use: Increases your %s by %d for 1 hour. Counts as both a Battle and "
		         "Guardian elixir.",
		         primaries[p].name, power / 2);
		break;
	case N_FOOD:
		snprintf(out->description, sizeof(out->description),
		         "Use: Set out a feast to feed up to 40 people in your raid. If you spend "
		         "at least 10 seconds eating you will gain %d %s for 1 hour.",
		         power / 4, secondaries[s].name);
		break;
	case N_WEAPON: /* epic weapons and armor only, as most gear has stats and no spell */
	case N_ARMOR:
		if (it->quality < 4 || h % 3 == 0)
			return -1;
		if (n->group == N_WEAPON)
			snprintf(out->description, sizeof(out->description),
			         "Chance on hit: Blasts your enemy with lightning, dealing %d "
			         "Nature "
			         "damage.",
			         it->level * 3);
		else
			snprintf(out->description, sizeof(out->description),
			         "Equip: Your attacks have a chance to grant you %d %s for 15 sec.",
			         it->level, secondaries[s].name);
		break;
	default:
		return -1;
	}
	out->id = SPELL_ID_BASE + it->id % 200000;
	return 0;
}

void sim_pet_traits(uint64_t h, int *level, int *quality)
{
	*level = (int)(h % 3 == 0 ? 25 : h % 3 == 1 ? 1 : 1 + (h >> 4) % 25);
	*quality = (int)((h >> 10) % 10 < 7 ? 3 : (h >> 10) % 4);
}

/* ---- battle pet species ---- */

/* A species is named by a creature and the place it comes from: "Swamp Toad", "Sapo del
 * pantano", "Sumpfkröte", "Жаба болот", "늪 두꺼비", "沼泽蟾蜍". 20 creatures x 14 places
 * name up to 280 species, each once (sim_pet_name). The Romance and Russian words for a
 * place are the phrase that follows the creature, the German one a compound's head. */
enum pet_type { PT_DRAGONKIN, PT_FLYING, PT_CRITTER, PT_ELEMENTAL, PT_BEAST, PT_AQUATIC };

/* clang-format off */
static const struct {
	int id; /* the API's battle_pet_type.id */
	const char *type;
	struct lex lex;
} pet_types[] = {
	{1, "DRAGONKIN", {{"Dragonkin", "Dragón", "Dracônico", "Drachkin", "Draconien", "Dragoide", "Дракон", "용족", "龙类"}}},
	{2, "FLYING", {{"Flying", "Volador", "Voador", "Flugwesen", "Volant", "Volante", "Летающий", "비행", "飞行"}}},
	{4, "CRITTER", {{"Critter", "Alimaña", "Bicho", "Kleintier", "Bestiole", "Animale", "Зверек", "동물", "小动物"}}},
	{6, "ELEMENTAL", {{"Elemental", "Elemental", "Elemental", "Elementar", "Élémentaire", "Elementale", "Элементаль", "정령", "元素"}}},
	{7, "BEAST", {{"Beast", "Bestia", "Fera", "Wildtier", "Bête", "Bestia", "Животное", "야수", "野兽"}}},
	{8, "AQUATIC", {{"Aquatic", "Acuático", "Aquático", "Wassertier", "Aquatique", "Acquatico", "Водный", "수중", "水栖"}}},
};

static const struct {
	struct lex lex;
	uint8_t type;
	const char *icon;
} pet_creatures[] = {
	{{{"Toad", "Sapo", "Sapo", "Kröte", "Crapaud", "Rospo", "Жаба", "두꺼비", "蟾蜍"}}, PT_AQUATIC, "inv_pet_toad"},
	{{{"Squirrel", "Ardilla", "Esquilo", "Eichhörnchen", "Écureuil", "Scoiattolo", "Белка", "다람쥐", "松鼠"}}, PT_CRITTER, "inv_pet_squirrel"},
	{{{"Rabbit", "Conejo", "Coelho", "Hase", "Lapin", "Coniglio", "Кролик", "토끼", "兔子"}}, PT_CRITTER, "inv_pet_rabbit"},
	{{{"Beetle", "Escarabajo", "Besouro", "Käfer", "Scarabée", "Scarabeo", "Жук", "딱정벌레", "甲虫"}}, PT_CRITTER, "inv_pet_beetle"},
	{{{"Snake", "Serpiente", "Cobra", "Natter", "Couleuvre", "Serpe", "Змея", "뱀", "蛇"}}, PT_BEAST, "inv_pet_snake"},
	{{{"Moth", "Polilla", "Mariposa", "Motte", "Phalène", "Falena", "Мотылек", "나방", "飞蛾"}}, PT_FLYING, "inv_pet_moth"},
	{{{"Crab", "Cangrejo", "Caranguejo", "Krabbe", "Crabe", "Granchio", "Краб", "게", "螃蟹"}}, PT_AQUATIC, "inv_pet_crab"},
	{{{"Owlet", "Mochuelo", "Corujinha", "Eulchen", "Chouette", "Civetta", "Совенок", "아기 올빼미", "小猫头鹰"}}, PT_FLYING, "inv_pet_owl"},
	{{{"Fox Kit", "Zorrito", "Raposinha", "Füchschen", "Renardeau", "Volpacchiotto", "Лисенок", "새끼 여우", "小狐狸"}}, PT_BEAST, "inv_pet_fox"},
	{{{"Whelpling", "Cría de dragón", "Filhote de dragão", "Welpe", "Dragonnet", "Cucciolo di drago", "Дракончик", "새끼 용", "雏龙"}}, PT_DRAGONKIN, "inv_pet_whelp"},
	{{{"Turtle", "Tortuga", "Tartaruga", "Schildkröte", "Tortue", "Testuggine", "Черепаха", "거북", "海龟"}}, PT_AQUATIC, "inv_pet_turtle"},
	{{{"Frog", "Rana", "Rã", "Frosch", "Grenouille", "Rana", "Лягушка", "개구리", "青蛙"}}, PT_AQUATIC, "inv_pet_frog"},
	{{{"Mouse", "Ratón", "Camundongo", "Maus", "Souris", "Topo", "Мышь", "생쥐", "老鼠"}}, PT_CRITTER, "inv_pet_mouse"},
	{{{"Spider", "Araña", "Aranha", "Spinne", "Araignée", "Ragno", "Паук", "거미", "蜘蛛"}}, PT_BEAST, "inv_pet_spider"},
	{{{"Raptor Hatchling", "Cría de raptor", "Filhote de raptor", "Raptorjunges", "Bébé raptor", "Cucciolo di raptor", "Детеныш ящера", "새끼 랩터", "幼年迅猛龙"}}, PT_BEAST, "inv_pet_raptor"},
	{{{"Firefly", "Luciérnaga", "Vaga-lume", "Glühwürmchen", "Luciole", "Lucciola", "Светлячок", "반딧불이", "萤火虫"}}, PT_FLYING, "inv_pet_firefly"},
	{{{"Kitten", "Gatito", "Gatinho", "Kätzchen", "Chaton", "Gattino", "Котенок", "새끼 고양이", "小猫"}}, PT_BEAST, "inv_pet_cat"},
	{{{"Wisp", "Fuego fatuo", "Fogo-fátuo", "Irrlicht", "Feu follet", "Fuoco fatuo", "Огонек", "도깨비불", "小精灵"}}, PT_ELEMENTAL, "inv_pet_wisp"},
	{{{"Bat", "Murciélago", "Morcego", "Fledermaus", "Chauve-souris", "Pipistrello", "Летучая мышь", "박쥐", "蝙蝠"}}, PT_FLYING, "inv_pet_bat"},
	{{{"Snail", "Caracol", "Caracol", "Schnecke", "Escargot", "Lumaca", "Улитка", "달팽이", "蜗牛"}}, PT_CRITTER, "inv_pet_snail"},
};

static const struct lex pet_places[] = {
	{{"Swamp", "del pantano", "do pântano", "Sumpf", "des marais", "di palude", "болот", "늪", "沼泽"}},
	{{"Desert", "del desierto", "do deserto", "Wüsten", "du désert", "del deserto", "пустыни", "사막", "沙漠"}},
	{{"Frost", "de escarcha", "de geada", "Frost", "de givre", "di brina", "инея", "서리", "冰霜"}},
	{{"Ember", "de ascuas", "de brasas", "Glut", "de braise", "di brace", "углей", "잿불", "余烬"}},
	{{"Storm", "de tormenta", "da tempestade", "Sturm", "de tempête", "di tempesta", "бури", "폭풍", "风暴"}},
	{{"Shadow", "de sombra", "das sombras", "Schatten", "d'ombre", "d'ombra", "тени", "그림자", "暗影"}},
	{{"Moss", "de musgo", "de musgo", "Moos", "de mousse", "di muschio", "мха", "이끼", "苔藓"}},
	{{"Crystal", "de cristal", "de cristal", "Kristall", "de cristal", "di cristallo", "кристалла", "수정", "水晶"}},
	{{"Cave", "de las cavernas", "das cavernas", "Höhlen", "des cavernes", "delle caverne", "пещер", "동굴", "洞穴"}},
	{{"Forest", "del bosque", "da floresta", "Wald", "des bois", "dei boschi", "леса", "숲", "森林"}},
	{{"Meadow", "de la pradera", "do prado", "Wiesen", "des prés", "dei prati", "лугов", "초원", "草原"}},
	{{"Reef", "del arrecife", "do recife", "Riff", "du récif", "della scogliera", "рифа", "산호초", "珊瑚"}},
	{{"Dusk", "del ocaso", "do crepúsculo", "Dämmer", "du crépuscule", "del crepuscolo", "сумерек", "황혼", "黄昏"}},
	{{"Mountain", "de la montaña", "da montanha", "Berg", "des montagnes", "di montagna", "гор", "산악", "山岭"}},
};
/* clang-format on */
#define NPET_CREATURES (sizeof(pet_creatures) / sizeof(pet_creatures[0]))
#define NPET_PLACES    (sizeof(pet_places) / sizeof(pet_places[0]))

_Static_assert(NPET_CREATURES *NPET_PLACES >= 260, "a name for each species gen_pets makes");

long sim_gen_pet_index(const struct sim_gen *c, int32_t species)
{
	const struct sim_good *pets = c->goods + (c->ngoods - c->npets);
	size_t lo = 0, hi = c->npets;

	/* gen_pets makes the species in increasing order */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pets[mid].species < species)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->npets && pets[lo].species == species ? (long)lo : -1;
}

int32_t sim_gen_pet_species(const struct sim_gen *c, long pet)
{
	return c->goods[c->ngoods - c->npets + (size_t)pet].species;
}

/* The creature of pet k varies fastest, its place so that no two pets share both. */
static size_t pet_creature(long pet)
{
	return (size_t)pet % NPET_CREATURES;
}

static size_t pet_place(long pet)
{
	return ((size_t)pet / NPET_CREATURES + 3 * pet_creature(pet)) % NPET_PLACES;
}

void sim_pet_name(long pet, int locale, struct buf *out)
{
	int lang = locale_lang[locale];
	const char *n = pet_creatures[pet_creature(pet)].lex.w[lang];
	const char *a = pet_places[pet_place(pet)].w[lang];

	switch (lang) {
	case 0:
	case 7:
		buf_printf(out, "%s %s", a, n);
		break;
	case 3: /* "Sumpf" + "kröte" */
		buf_printf(out, "%s%c%s", a, tolower((unsigned char)n[0]), n + 1);
		break;
	case 8:
		buf_printf(out, "%s%s", a, n);
		break;
	default: /* Romance and Russian: the place follows */
		buf_printf(out, "%s %s", n, a);
	}
}

void sim_pet_kind(long pet, struct sim_pet_kind *out)
{
	int t = pet_creatures[pet_creature(pet)].type;

	out->type_id = pet_types[t].id;
	out->type = pet_types[t].type;
	out->type_index = t;
	out->icon = pet_creatures[pet_creature(pet)].icon;
}

const char *sim_word_pet_type(int type_index, int locale)
{
	return lex_word(&pet_types[type_index].lex, locale);
}

void sim_realm_kind(const struct sim_gen *c, int kind, struct sim_realm_kind *out)
{
	const struct kind_row *k = &region_of(c)->kinds[kind];
	out->locale = k->locale;
	out->timezone = k->timezone;
	out->category = k->category;
	out->ru = k->ru;
}
