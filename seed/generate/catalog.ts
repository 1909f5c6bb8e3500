import type { Random } from '../random.ts';

/** Static marketplace vocabulary: categories with their price models, cities, shop names. */

export interface Category {
  /** Exact value written to merchants.csv. */
  readonly name: string;
  /** Share of merchants in this category. */
  readonly weight: number;
  /** Median order amount (CNY) and log-scale spread; ignored when `denominations` is set. */
  readonly median: number;
  readonly sigma: number;
  readonly denominations?: readonly number[];
  /** Easily resold goods: ring shops are drawn from these. */
  readonly risky: boolean;
  /** Delivered electronically (e-voucher reference instead of a courier tracking number). */
  readonly virtual: boolean;
  readonly words: readonly string[];
}

export const CATEGORIES: readonly Category[] = [
  {
    name: 'digital',
    weight: 0.14,
    median: 320,
    sigma: 0.9,
    risky: true,
    virtual: false,
    words: ['数码', '电脑配件', '影音', '智能设备'],
  },
  {
    name: 'phones',
    weight: 0.07,
    median: 2600,
    sigma: 0.5,
    risky: true,
    virtual: false,
    words: ['手机', '通讯', '手机数码'],
  },
  {
    name: 'luxury',
    weight: 0.04,
    median: 5200,
    sigma: 0.6,
    risky: true,
    virtual: false,
    words: ['奢品', '名表', '珠宝', '轻奢'],
  },
  {
    name: 'apparel',
    weight: 0.19,
    median: 160,
    sigma: 0.7,
    risky: false,
    virtual: false,
    words: ['服饰', '女装', '男装', '鞋包', '童装'],
  },
  {
    name: 'grocery',
    weight: 0.15,
    median: 55,
    sigma: 0.6,
    risky: false,
    virtual: false,
    words: ['生鲜', '食品', '粮油', '零食', '茶叶'],
  },
  {
    name: 'beauty',
    weight: 0.12,
    median: 210,
    sigma: 0.7,
    risky: false,
    virtual: false,
    words: ['美妆', '护肤', '香水', '个护'],
  },
  {
    name: 'home',
    weight: 0.15,
    median: 260,
    sigma: 0.9,
    risky: false,
    virtual: false,
    words: ['家居', '家纺', '厨具', '家电', '五金'],
  },
  {
    name: 'gift_cards',
    weight: 0.07,
    median: 0,
    sigma: 0,
    denominations: [50, 100, 200, 300, 500, 1000],
    risky: true,
    virtual: true,
    words: ['礼品卡', '购物卡', '卡券'],
  },
  {
    name: 'virtual',
    weight: 0.07,
    median: 68,
    sigma: 1.0,
    risky: true,
    virtual: true,
    words: ['游戏点卡', '充值', '会员卡', '虚拟服务'],
  },
];

export const CITIES = [
  '上海',
  '北京',
  '深圳',
  '广州',
  '杭州',
  '成都',
  '重庆',
  '武汉',
  '南京',
  '西安',
  '苏州',
  '天津',
  '长沙',
  '郑州',
  '东莞',
  '青岛',
  '沈阳',
  '宁波',
  '昆明',
  '合肥',
] as const;
export const CITY_WEIGHTS = [10, 9, 8, 8, 7, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 2] as const;

/** Relative order volume per local hour for ordinary buyers and for night owls. */
export const DAY_PROFILE = [
  0.55, 0.3, 0.18, 0.1, 0.08, 0.12, 0.3, 0.7, 1.1, 1.5, 1.9, 2.0, 1.9, 1.6, 1.5, 1.6, 1.7, 1.8, 1.9,
  2.2, 2.6, 2.9, 2.5, 1.4,
] as const;
export const NIGHT_PROFILE = [
  2.6, 2.4, 2.1, 1.6, 1.0, 0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.3, 0.4, 0.4, 0.3, 0.3, 0.4, 0.5, 0.6,
  0.8, 1.0, 1.4, 2.0, 2.5,
] as const;

const NAME_PREFIXES = [
  '鑫源',
  '华采',
  '优品',
  '佳和',
  '盛达',
  '金诚',
  '星辰',
  '百汇',
  '恒通',
  '新锐',
  '锦程',
  '晨光',
  '悦享',
  '嘉禾',
  '万象',
  '云起',
  '尚品',
  '乐购',
  '天成',
  '宏图',
  '瑞丰',
  '顺意',
  '安然',
  '青柠',
  '小鹿',
  '拾光',
  '木子',
  '一号',
  '老街',
  '东方',
];
const NAME_SUFFIXES = ['专营店', '旗舰店', '小店', '商行', '工作室', '精品店', '生活馆', '直营店'];

/** A shop name such as `鑫源数码专营店`; a few contain ASCII quotes or commas, as real ones do. */
export function shopName(category: Category, rng: Random): string {
  const prefix = rng.pick(NAME_PREFIXES);
  const word = rng.pick(category.words);
  const suffix = rng.pick(NAME_SUFFIXES);
  const roll = rng.next();
  if (roll < 0.015) return `${prefix}"${word}"${suffix}`;
  if (roll < 0.03) return `${prefix}${word},${suffix}`;
  return `${prefix}${word}${suffix}`;
}

/** An ordinary retail price in cents, with the usual .00 / .90 / .99 endings. */
export function priceCents(category: Category, rng: Random): number {
  if (category.denominations) {
    const face = rng.pick(category.denominations) * (rng.chance(0.2) ? 2 : 1);
    return Math.round(face * (rng.chance(0.4) ? rng.pick([0.95, 0.97, 0.98]) : 1) * 100);
  }
  const raw = Math.min(
    80_000,
    Math.max(3, rng.lognormal(Math.log(category.median), category.sigma)),
  );
  const whole = Math.max(1, Math.round(raw));
  const ending = rng.next();
  if (ending < 0.4) return whole * 100;
  if (ending < 0.6) return whole * 100 - 10;
  if (ending < 0.85) return whole * 100 - 1;
  return whole * 100 - rng.int(1, 99);
}
