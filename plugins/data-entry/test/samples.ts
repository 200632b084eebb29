import type { ContractSamples } from '@kado/plugin-sdk/testing';

/** A resident survey form keyed from scanned paper, as a municipality might order it. */
export const orderParameters = {
  form: {
    fields: [
      { key: 'name', label: { ja: '氏名', en: 'Name' }, type: 'text', maxLength: 40 },
      { key: 'nameKana', label: { ja: 'フリガナ', en: 'Name (kana)' }, type: 'text', required: false },
      { key: 'birthDate', label: { ja: '生年月日', en: 'Date of birth' }, type: 'date' },
      { key: 'postalCode', label: { ja: '郵便番号', en: 'Postal code' }, type: 'postal-code' },
      { key: 'address', label: { ja: '住所', en: 'Address' }, type: 'text' },
      { key: 'tel', label: { ja: '電話番号', en: 'Phone' }, type: 'phone', required: false },
      { key: 'household', label: { ja: '世帯人数', en: 'Household size' }, type: 'number' },
      {
        key: 'gender',
        label: { ja: '性別', en: 'Gender' },
        type: 'choice',
        choices: ['男性', '女性', '回答しない'],
      },
    ],
  },
  encoding: 'shift_jis',
};

export const tasks = [{ scan: 'survey-0001.png', reference: '塩尻-0001' }, { scan: '調査票-0002.jpg' }];

export const submissions = [
  {
    values: {
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      birthDate: '1985-03-03',
      postalCode: '399-0738',
      address: '長野県塩尻市大門七番町3-3',
      tel: '0263-52-0280',
      household: '4',
      gender: '女性',
    },
  },
  {
    values: {
      name: '髙橋 一郎',
      nameKana: '',
      birthDate: '1950-11-23',
      postalCode: '390-8620',
      address: '長野県松本市丸の内3-7 (株)テスト気付',
      tel: '',
      household: '1',
      gender: '男性',
    },
  },
];

export const samples: ContractSamples = {
  tasks,
  submissions,
  orderParameters,
  imports: {
    csv: {
      input: '画像,参照\r\nsurvey-0001.png,塩尻-0001\r\n調査票-0002.jpg,\r\n"scan, 3.png","備考 ""A"""\r\n',
      badInput: 'scan,reference\nsurvey-0001.png,1\n../secret.png,2\nsurvey-0003.png,3\n',
      badRow: 3,
    },
  },
  accepted: [
    { task: tasks[0], submission: submissions[0] },
    { task: tasks[1], submission: submissions[1] },
  ],
};
